import 'server-only';
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb, getDbHandle, type Tx } from '@/db/client';
import { membershipOverrides, membershipRoles, roleGrants, roles } from '@/db/schema';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import { AccessCache } from '@/lib/access/cache';
import { permissionDef } from '@/lib/access/catalogue';
import { hasPermission, type BrokenRole, type EffectiveAccess, type RoleInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { DalError } from './errors';

/** What reads can run on: the database, or a transaction (so a write can re-read inside its own). */
export type Reader = Pick<Tx, 'select'>;

/**
 * Loads one account's roles as the resolver takes them: built-in grants from code, custom ones from
 * role_grants. Pass the transaction to read inside it (on PGlite, a read outside waits for it to end).
 */
export async function loadAccountRoles(accountId: string, reader?: Reader): Promise<RoleInput[]> {
  const db = reader ?? (await getDb());
  const rows = await db
    .select({ id: roles.id, name: roles.name, builtinKey: roles.builtinKey, baseRoleId: roles.baseRoleId, kind: roleGrants.kind, grant: roleGrants.name })
    .from(roles)
    .leftJoin(roleGrants, eq(roleGrants.roleId, roles.id))
    .where(eq(roles.accountId, accountId))
    .orderBy(asc(roles.name));
  const byId = new Map<string, RoleInput & { permissions: string[]; privileges: string[] }>();
  for (const row of rows) {
    const role = byId.get(row.id) ?? {
      id: row.id,
      name: row.name,
      baseRoleId: row.baseRoleId,
      permissions: row.builtinKey ? [...BUILTIN_GRANTS[row.builtinKey]] : [],
      privileges: [],
      ...(row.builtinKey === 'owner' ? { allPrivileges: true } : {}),
    };
    if (!row.builtinKey && row.grant) (row.kind === 'permission' ? role.permissions : role.privileges).push(row.grant);
    byId.set(row.id, role);
  }
  return [...byId.values()];
}

async function loadMemberInput(membershipId: string) {
  const db = await getDb();
  const [roleRows, overrideRows] = await Promise.all([
    db.select({ roleId: membershipRoles.roleId }).from(membershipRoles).where(eq(membershipRoles.membershipId, membershipId)),
    db.select({ kind: membershipOverrides.kind, name: membershipOverrides.name }).from(membershipOverrides).where(eq(membershipOverrides.membershipId, membershipId)),
  ]);
  const of = (kind: string) => overrideRows.filter((row) => row.kind === kind).map((row) => row.name);
  return { roleIds: roleRows.map((row) => row.roleId), overrides: { grants: of('grant'), denies: of('deny'), hiddenModules: of('hide_module') } };
}

function ttlMs(): number {
  const seconds = Number(process.env.ACCESS_CACHE_TTL_SECONDS ?? 30);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 30) * 1000;
}

const globalForAccess = globalThis as unknown as { __rolecallAccessCache?: AccessCache; __rolecallAccessListening?: Promise<void> };

/** The process's access cache (shared by middleware.ts, pages and actions: one process under `next start`). */
export function accessCache(): AccessCache {
  return (globalForAccess.__rolecallAccessCache ??= new AccessCache(
    SYSTEM_SPACE,
    { loadRoles: (accountId) => loadAccountRoles(accountId), loadMember: loadMemberInput, onBrokenGraph: reportBrokenGraph },
    ttlMs(),
  ));
}

/**
 * A stored role graph that does not compile was written around the checks (by hand, or by a bug): said
 * loudly, each time the account's roles load. The broken roles grant nothing meanwhile; the rest works.
 */
export function reportBrokenGraph(accountId: string, broken: readonly BrokenRole[]): void {
  console.error(
    `[access] account ${accountId}: ${broken.length} role(s) cannot be compiled and grant nothing until an Owner or Admin fixes them in Settings → Roles:`,
    broken.map((role) => `${role.name} (${role.id}): ${role.message}`).join(' | '),
  );
}

/** A membership's effective access, from the cache. The caller has already established who the member is. */
export async function getMemberAccess(accountId: string, membershipId: string): Promise<EffectiveAccess> {
  await listenForAccessChanges();
  return (await accessCache().getAccess(accountId, membershipId)).access;
}

export interface Actor {
  userId: string;
  name: string;
  accountId: string;
  membershipId: string;
}

/** Throws (forbidden) unless the actor holds the permission; returns their access for further checks. */
export async function requirePermission(actor: Actor, permission: string): Promise<EffectiveAccess> {
  const access = await getMemberAccess(actor.accountId, actor.membershipId);
  assertHolds(access, permission);
  return access;
}

/** Throws (forbidden) unless the access already in hand holds the permission: for checks inside a transaction. */
export function assertHolds(access: EffectiveAccess, permission: string): void {
  if (hasPermission(access, permission)) return;
  const label = permissionDef(permission)?.label ?? permission;
  throw new DalError('forbidden', `You need the “${label}” permission (${permission}) to do this.`);
}

// ---- Invalidation across processes ---------------------------------------------------------------------

const CHANNEL = 'rolecall_access';
const PROCESS_ID = randomUUID();

type AccessChange = { accountId?: string; membershipIds?: string[] };

/**
 * Tells every process that access changed. pg_notify is transactional: other processes hear it only if
 * the change commits. This process updates its own cache right after the commit (see `afterAccessChange`).
 */
export async function notifyAccessChange(tx: Tx, change: AccessChange): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ ...change, from: PROCESS_ID })})`);
}

/** Applies a committed change to this process's cache before the request returns. */
export function afterAccessChange(change: AccessChange & { role?: RoleInput }): void {
  const cache = accessCache();
  if (change.accountId && change.role) cache.applyRole(change.accountId, change.role);
  else if (change.accountId) cache.invalidateAccount(change.accountId);
  for (const id of change.membershipIds ?? []) cache.invalidateMember(id);
}

/** Subscribes once per process to other processes' changes (both engines support LISTEN). */
export function listenForAccessChanges(): Promise<void> {
  globalForAccess.__rolecallAccessListening ??= getDbHandle()
    .then((handle) =>
      handle.listen(CHANNEL, (payload) => {
        try {
          const change = JSON.parse(payload) as AccessChange & { from?: string };
          if (change.from === PROCESS_ID) return;
          if (change.accountId) accessCache().invalidateAccount(change.accountId);
          for (const id of change.membershipIds ?? []) accessCache().invalidateMember(id);
        } catch {
          // A malformed payload is not ours to act on; the TTL covers it.
        }
      }),
    )
    .catch((error) => {
      globalForAccess.__rolecallAccessListening = undefined;
      console.error('[access] cannot listen for changes; relying on the cache TTL', error);
    });
  return globalForAccess.__rolecallAccessListening;
}
