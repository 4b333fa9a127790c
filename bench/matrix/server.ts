import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { roleGrants, roles } from '@/db/schema';
import { isSystemPermission } from '@/lib/access/catalogue';
import { withNextServer } from '../common/next-server';
import { latencyOf, type Latency } from '../users/measure';

const MATRIX_PATH = '/settings/roles/matrix';
const ROLES_PATH = '/settings/roles';

/** The id Next gave toggleMatrixCellAction in this build: what the browser sends in the Next-Action header. */
export function toggleActionId(): string {
  const manifest = JSON.parse(readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, action]) => action.exportedName === 'toggleMatrixCellAction' && action.filename?.includes('roles/matrix/actions'));
  if (!entry) throw new Error('toggleMatrixCellAction is not in .next/server/server-reference-manifest.json: rebuild with `npx next build`');
  return entry[0];
}

export interface Toggle {
  roleId: string;
  name: string;
}

export interface ServerResults {
  render: Latency & { bytes: number; columns: number };
  /** GET /settings/roles: every role with its chain and members. */
  rolesPage: Latency & { bytes: number };
  /** The answer's size in bytes (the role's grants as saved and its new version). */
  toggle: Latency & { bytes: number };
  /** The same POST with an input the action refuses before any work: middleware, session and Next's action plumbing. */
  floor: Latency;
}

/**
 * `next start` (the current production build) on the bench database; the Owner's session in a cookie
 * signed like next-auth's. Times GET /settings/roles/matrix to the last byte, then the toggle as the
 * browser sends it: a POST of the server action (Next-Action header) to the matrix page, its whole answer
 * read, alternately granting and removing each of `toggles` (the state and version are read untimed).
 */
export async function measureServer(options: {
  databaseUrl: string;
  sessionId: string;
  db: Db;
  toggles: Toggle[];
  lastRoleName: string;
  samples: number;
  warmup: number;
  progress: (message: string) => void;
}): Promise<ServerResults> {
  const { databaseUrl, sessionId, db, toggles, lastRoleName, samples, warmup, progress } = options;
  const actionId = toggleActionId();
  return withNextServer({ databaseUrl, sessionId, progress }, async ({ base, cookie }) => {
    let bytes = 0;
    let columns = 0;
    const renderOnce = async () => {
      const started = performance.now();
      const response = await fetch(`${base}${MATRIX_PATH}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200 || !body.includes('aria-label="Permission matrix"') || !body.includes(lastRoleName)) {
        throw new Error(`GET ${MATRIX_PATH} answered ${response.status} without the whole matrix (${response.headers.get('location') ?? body.slice(0, 160)})`);
      }
      bytes = body.length;
      columns = body.match(/role="columnheader"/g)!.length - 1;
      return ms;
    };
    progress(`render: ${warmup} warm-up requests, then ${samples} timed`);
    for (let i = 0; i < warmup; i += 1) await renderOnce();
    const renderMs: number[] = [];
    for (let i = 0; i < samples; i += 1) renderMs.push(await renderOnce());

    let rolesBytes = 0;
    const rolesOnce = async () => {
      const started = performance.now();
      const response = await fetch(`${base}${ROLES_PATH}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200 || !body.includes('data-testid="roles-table"') || !body.includes(lastRoleName)) {
        throw new Error(`GET ${ROLES_PATH} answered ${response.status} without the roles (${response.headers.get('location') ?? body.slice(0, 160)})`);
      }
      rolesBytes = body.length;
      return ms;
    };
    progress(`roles page: ${warmup} warm-up requests, then ${samples} timed`);
    for (let i = 0; i < warmup; i += 1) await rolesOnce();
    const rolesMs: number[] = [];
    for (let i = 0; i < samples; i += 1) rolesMs.push(await rolesOnce());

    let answered = 0;
    const toggleOnce = async (toggle: Toggle) => {
      // Untimed: what the page would already know (the cell's state and the role's version).
      const [role] = await db.select({ version: roles.version }).from(roles).where(eq(roles.id, toggle.roleId));
      const kind = isSystemPermission(toggle.name) ? 'permission' : 'privilege';
      const [held] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(roleGrants)
        .where(and(eq(roleGrants.roleId, toggle.roleId), eq(roleGrants.kind, kind), eq(roleGrants.name, toggle.name)));
      const input = { roleId: toggle.roleId, name: toggle.name, granted: held!.n === 0, version: role!.version };
      const started = performance.now();
      const response = await fetch(`${base}${MATRIX_PATH}`, {
        method: 'POST',
        headers: { cookie, 'next-action': actionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base },
        body: JSON.stringify([input]),
      });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200 || !body.includes('"ok":true') || !body.includes(`"version":${input.version + 1}`)) {
        throw new Error(`the toggle answered ${response.status}: ${body.slice(0, 300)}`);
      }
      answered = body.length;
      return ms;
    };
    progress(`toggle: ${warmup} warm-up round trips, then ${samples} timed`);
    for (let i = 0; i < warmup; i += 1) await toggleOnce(toggles[i % toggles.length]!);
    const toggleMs: number[] = [];
    for (let i = 0; i < samples; i += 1) toggleMs.push(await toggleOnce(toggles[i % toggles.length]!));
    progress(`floor: ${samples} refused action requests`);
    const floorMs: number[] = [];
    for (let i = 0; i < samples + warmup; i += 1) {
      const started = performance.now();
      const response = await fetch(`${base}${MATRIX_PATH}`, {
        method: 'POST',
        headers: { cookie, 'next-action': actionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base },
        body: JSON.stringify([{ roleId: 'not-a-role' }]),
      });
      const body = await response.text();
      if (i >= warmup) floorMs.push(performance.now() - started);
      if (!body.includes('"code":"invalid"')) throw new Error(`the refused toggle answered ${response.status}: ${body.slice(0, 300)}`);
    }
    return { render: { ...latencyOf(renderMs), bytes, columns }, rolesPage: { ...latencyOf(rolesMs), bytes: rolesBytes }, toggle: { ...latencyOf(toggleMs), bytes: answered }, floor: latencyOf(floorMs) };
  });
}
