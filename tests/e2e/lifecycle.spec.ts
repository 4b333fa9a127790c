import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
