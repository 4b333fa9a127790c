import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// What every PostgreSQL benchmark does before and around its work.

/** The server a benchmark makes its database on: BENCH_DATABASE_URL, else DATABASE_URL, else the local one. */
export const benchAdminUrl = () => process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `next build` when there is no production build to start. */
export function ensureProductionBuild(progress: (message: string) => void): void {
  if (existsSync(path.resolve('.next/BUILD_ID'))) return;
  progress('no production build: running `next build` first');
  execFileSync(path.resolve('node_modules/.bin/next'), ['build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Ctrl-C (or SIGTERM) still drops the bench database: `current()` is what to dispose of, once it exists. */
export function disposeOnInterrupt(current: () => { dispose(): Promise<void> } | undefined, progress: (message: string) => void): void {
  const interrupt = () => {
    progress('interrupted: dropping the bench database');
    void (current()?.dispose() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
}
