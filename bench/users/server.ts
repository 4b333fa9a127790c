import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { SESSION_COOKIE } from '@/lib/auth/cookie';
import { timeRuns, type Latency } from './measure';

/** Whether `next build` has left a production build to start. */
export const hasProductionBuild = () => existsSync(path.resolve('.next/BUILD_ID'));

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

/**
 * The page as a browser gets it: `next start` (the existing production build) on the bench database, the
 * Owner's session in a cookie signed like next-auth's, and GET /settings/users timed to the last byte.
 */
export async function measureServer(
  databaseUrl: string,
  sessionId: string,
  queries: { params: Record<string, string> }[],
  samples: number,
  progress: (message: string) => void,
): Promise<Latency & { bytes: number }> {
  const port = await freePort();
  const secret = randomBytes(32).toString('base64url');
  const env = { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, AUTH_SECRET: secret, DB_MIGRATE_ON_START: 'false', NEXT_TELEMETRY_DISABLED: '1' };
  progress(`server: next start on port ${port}`);
  const server = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    const base = `http://localhost:${port}`;
    for (let waited = 0; ; waited += 250) {
      if (server.exitCode !== null) throw new Error('next start exited before it answered');
      if (waited > 60_000) throw new Error('next start did not answer within 60 s');
      if (await fetch(`${base}/api/health`).then((response) => response.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const cookie = `${SESSION_COOKIE}=${await encode({ token: { sid: sessionId }, secret, salt: SESSION_COOKIE })}`;
    let bytes = 0;
    const latency = await timeRuns(queries, samples, async ({ params }) => {
      const response = await fetch(`${base}/settings/users?${new URLSearchParams(params)}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      if (response.status !== 200 || !body.includes('data-testid="users-range"')) {
        throw new Error(`GET /settings/users answered ${response.status} without the table (${response.headers.get('location') ?? body.slice(0, 120)})`);
      }
      bytes = body.length;
    });
    return { ...latency, bytes };
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
  }
}
