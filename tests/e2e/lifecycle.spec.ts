import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

// The server process itself, on the embedded engine: one holder per data folder, and a clean shutdown.
const PORT = (Number(process.env.E2E_PORT_BASE) || 3100) + 2;

function startServer(dataDir: string, port = PORT): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NEXT_MANUAL_SIG_HANDLE: 'true' };
  delete env.DATABASE_URL;
  delete env.AUTH_SECRET;
  const child = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port)], { env });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(port = PORT) {
  await expect
    .poll(async () => (await fetch(`http://localhost:${port}/api/health`).catch(() => null))?.status ?? 0, { timeout: 30_000 })
    .toBe(200);
}

test('a second server on the same data folder refuses to start; SIGTERM closes the database and frees the folder', async () => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rolecall-lifecycle-'));
  const first = startServer(dataDir);
  try {
    await waitForHealth();

    const second = startServer(dataDir, PORT + 1);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('The embedded database folder is in use by another Rolecall process');
    expect(second.output()).toContain(`pid ${first.child.pid}`);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(143);
    expect(first.output()).toContain('[rolecall] database closed');
    expect(existsSync(path.join(dataDir, 'rolecall.lock'))).toBe(false);

    // The folder opens again, data intact.
    const again = startServer(dataDir);
    await waitForHealth();
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(143);
  } finally {
    first.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** The server processes `npm start` runs under its primary (cluster workers are its children). */
const workersOf = (pid: number) =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter(Boolean);

test('npm start on PostgreSQL runs WEB_CONCURRENCY server processes on one port, replaces one that dies, and SIGTERM closes every database', async () => {
  test.skip(!process.env.DATABASE_URL, 'one process per core is for PostgreSQL: the embedded engine allows one');
  test.setTimeout(120_000);
  const name = `rolecall_cluster_${randomBytes(5).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const port = PORT + 3;
  let output = '';
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url.toString(), AUTH_SECRET: randomBytes(32).toString('base64url'), PORT: String(port), WEB_CONCURRENCY: '2' };
  delete env.E2E_TEST_HOOKS;
  const primary = spawn(process.execPath, [path.resolve('scripts/start.mjs'), '--no-build'], { env });
  primary.stdout!.on('data', (chunk) => (output += chunk));
  primary.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => primary.on('exit', (code) => resolve(code)));
  try {
    await waitForHealth(port);
    await expect.poll(() => output.match(/\[rolecall\] database ready/g)?.length ?? 0, { timeout: 30_000 }).toBe(2);
    const workers = workersOf(primary.pid!);
    expect(workers).toHaveLength(2);
    // Both answer on the one port: a burst of requests keeps being served while one of them is killed.
    process.kill(workers[0]!, 'SIGKILL');
    await expect.poll(() => output.includes('exited with SIGKILL: starting another'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => workersOf(primary.pid!).filter((pid) => pid !== workers[0]).length, { timeout: 30_000 }).toBe(2);
    await waitForHealth(port);
    await expect.poll(() => output.match(/\[rolecall\] database ready/g)?.length ?? 0, { timeout: 30_000 }).toBe(3);

    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.match(/\[rolecall\] database closed/g)).toHaveLength(2);
  } finally {
    if (primary.exitCode === null) for (const pid of workersOf(primary.pid!)) process.kill(pid, 'SIGKILL');
    primary.kill('SIGKILL');
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
