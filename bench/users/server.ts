import { existsSync } from 'node:fs';
import path from 'node:path';
import { withNextServer } from '../common/next-server';
import { timeRuns, type Latency } from './measure';

/** Whether `next build` has left a production build to start. */
export const hasProductionBuild = () => existsSync(path.resolve('.next/BUILD_ID'));

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
  return withNextServer({ databaseUrl, sessionId, progress: (message) => progress(`server: ${message}`) }, async ({ base, cookie }) => {
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
  });
}
