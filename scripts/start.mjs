#!/usr/bin/env node
// `npm start`: builds when there is no build or the sources are newer than it, then runs `next start`.
// Without DATABASE_URL the app opens embedded PGlite in DATA_DIR (default ./.data) and migrates it: one
// process, as PGlite allows. On PostgreSQL it runs one `next start` per core (WEB_CONCURRENCY sets how
// many) under Node's cluster module, which shares the one port between them; every process keeps its own
// access cache, told of the others' changes by LISTEN/NOTIFY. `--no-build` starts the existing build as it is.
import { spawn, spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildId = path.join(root, '.next', 'BUILD_ID');
const sourceDirs = ['app', 'components', 'lib', 'db', 'public'];
const sourceFiles = ['middleware.ts', 'instrumentation.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs'];
// Rolecall handles SIGTERM/SIGINT itself, so the database is closed before a process exits (lib/startup.ts).
const env = { ...process.env, NEXT_MANUAL_SIG_HANDLE: 'true' };

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** How many server processes: one on the embedded engine; on PostgreSQL WEB_CONCURRENCY, else one per core. */
function processCount() {
  const asked = process.env.WEB_CONCURRENCY;
  const wanted = asked === undefined || asked === '' ? availableParallelism() : Number(asked);
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 64) {
    console.error(`[rolecall] WEB_CONCURRENCY must be a whole number from 1 to 64 (got “${asked}”).`);
    process.exit(1);
  }
  if (!process.env.DATABASE_URL) {
    if (asked && wanted > 1) console.warn('[rolecall] WEB_CONCURRENCY is ignored on the embedded database: PGlite allows one process.');
    return 1;
  }
  return wanted;
}

const args = process.argv.slice(2).filter((arg) => arg !== '--no-build');

function buildIfNeeded() {
  if (process.argv.includes('--no-build') && existsSync(buildId)) return;
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sourcesAt = Math.max(...[...sourceDirs, ...sourceFiles].map((entry) => newestMtime(path.join(root, entry))));
  if (builtAt >= sourcesAt) return;
  console.info(builtAt ? '[rolecall] sources changed since the last build: building…' : '[rolecall] first start: building…');
  const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const nextCli = createRequire(import.meta.url).resolve('next/dist/bin/next');

/**
 * One `next start`: the embedded engine, or WEB_CONCURRENCY=1. Next's CLI run by this Node directly (not
 * through npx, which would not pass a SIGTERM sent to this process on to the server).
 */
function startOne() {
  const server = spawn(process.execPath, [nextCli, 'start', ...args], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 0)));
}

/**
 * `count` workers, each Next's own `next start` (its CLI run in the worker: cluster hands every worker the
 * same listening port, and the primary spreads connections between them). A worker that dies is replaced,
 * unless several die within a minute (a start that fails keeps failing: stop and say so). A signal is passed
 * to every worker, and the primary exits once they all have closed their database and exited.
 */
function startCluster(count) {
  cluster.setupPrimary({ exec: nextCli, args: ['start', ...args], cwd: root });
  let stopping = false;
  const deaths = [];
  const fork = () => cluster.fork(env);
  console.info(`[rolecall] starting ${count} server processes on PostgreSQL (WEB_CONCURRENCY=${count})`);
  for (let i = 0; i < count; i += 1) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && now - deaths[0] > 60_000) deaths.shift();
    if (deaths.length >= Math.max(3, count)) {
      console.error(`[rolecall] server processes keep exiting (the last with ${signal ?? `code ${code}`}): stopping.`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    console.error(`[rolecall] a server process (pid ${worker.process.pid}) exited with ${signal ?? `code ${code}`}: starting another`);
    fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  }
}

buildIfNeeded();
const count = processCount();
if (count === 1) startOne();
else startCluster(count);
