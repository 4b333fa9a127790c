import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

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

/** A database of the benchmark's own on the PostgreSQL server: its URL, and drop() to remove it (or keep it, with --keep). */
export interface BenchPostgres {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates `<prefix>_<random>` on the server `adminUrl` names (see benchAdminUrl). drop() drops it whatever
 * is still connected, or with `keep` leaves it and says how to drop it.
 */
export async function createBenchDatabase(adminUrl: string, prefix: string, options: { keep?: boolean; progress?: (message: string) => void } = {}): Promise<BenchPostgres> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (options.keep) options.progress?.(`kept the database ${name} (--keep): drop it with  psql -c 'drop database ${name}'`);
      else await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
