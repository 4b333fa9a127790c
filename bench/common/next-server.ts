import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { SESSION_COOKIE } from '@/lib/auth/cookie';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  /** http://localhost:<port> */
  base: string;
  /** A Cookie header for `sessionId`, signed like next-auth's with this server's secret. */
  cookie: string;
}

/**
 * Runs `body` against `next start` (the existing production build) on `databaseUrl`, already migrated,
 * signed in as the session `sessionId`; stops the server afterwards, whatever happens.
 */
export async function withNextServer<T>(
  options: {
    databaseUrl: string;
    sessionId: string;
    progress: (message: string) => void;
    /** Start it as `npm start` does (scripts/start.mjs: one process per core on PostgreSQL, or WEB_CONCURRENCY), not a bare `next start`. */
    npmStart?: { processes: number };
  },
  body: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const port = await freePort();
  const secret = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATABASE_URL: options.databaseUrl, AUTH_SECRET: secret, DB_MIGRATE_ON_START: 'false', NEXT_TELEMETRY_DISABLED: '1' };
  if (options.npmStart) env.WEB_CONCURRENCY = String(options.npmStart.processes);
  options.progress(options.npmStart ? `npm start (${options.npmStart.processes} processes) on port ${port}` : `next start on port ${port}`);
  // BENCH_PROFILE_DIR: one bare `next start` under --cpu-prof, its CPU profile written there when it stops.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  if (profileDir) options.progress(`profiling one next start into ${profileDir}`);
  const server = profileDir
    ? spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, path.resolve('node_modules/next/dist/bin/next'), 'start', '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] })
    : options.npmStart
    ? spawn(process.execPath, [path.resolve('scripts/start.mjs'), '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] })
    : spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    const base = `http://localhost:${port}`;
    for (let waited = 0; ; waited += 250) {
      if (server.exitCode !== null) throw new Error('next start exited before it answered');
      if (waited > 60_000) throw new Error('next start did not answer within 60 s');
      if (await fetch(`${base}/api/health`).then((response) => response.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const cookie = `${SESSION_COOKIE}=${await encode({ token: { sid: options.sessionId }, secret, salt: SESSION_COOKIE })}`;
    return await body({ base, cookie });
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
  }
}
