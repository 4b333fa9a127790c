#!/usr/bin/env node
// `npm start`: builds when there is no build or the sources are newer than it, then runs `next start`.
// Without DATABASE_URL the app opens embedded PGlite in DATA_DIR (default ./.data) and migrates it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildId = path.join(root, '.next', 'BUILD_ID');
const sourceDirs = ['app', 'components', 'lib', 'db', 'public'];
const sourceFiles = ['middleware.ts', 'instrumentation.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs'];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...[...sourceDirs, ...sourceFiles].map((entry) => newestMtime(path.join(root, entry))));
if (builtAt < sourcesAt) {
  console.info(builtAt ? '[rolecall] sources changed since the last build: building…' : '[rolecall] first start: building…');
  const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const args = ['next', 'start', ...process.argv.slice(2)];
// Rolecall handles SIGTERM/SIGINT itself, so the database is closed before the process exits (lib/startup.ts).
const server = spawn('npx', args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_MANUAL_SIG_HANDLE: 'true' } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 0)));
