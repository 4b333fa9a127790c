import 'server-only';
import { listenOnAccessChannel } from '@/lib/dal/access/announce-access-change';
import { loadAccountLicences, loadAccountRoles, loadMemberInput } from '@/lib/dal/access/load-access';
import { now } from '@/lib/clock';
import { AccessCache } from './cache';
import { decodeAccessChange, type AccessChange } from './change-channel';
import type { BrokenRole } from './compile-graph';
import type { EffectiveAccess, RoleInput } from './resolver';
import { SYSTEM_SPACE } from './system';

/*
 * This process's compiled access: one AccessCache for the whole process, its loaders, its TTL, and the
 * LISTEN that tells it of other processes' changes (started with the server, lib/startup.ts). The loaders
 * are the thin database reads of lib/dal/access/load-access.ts, handed to the cache as AccessLoaders: the rules
 * stay here, and only lib/dal touches the database.
 */

/** ACCESS_CACHE_TTL_SECONDS (default 30): the safety net for a notification this process missed. */
function ttlMs(): number {
  const seconds = Number(process.env.ACCESS_CACHE_TTL_SECONDS ?? 30);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : 30) * 1000;
}

// On globalThis: middleware.ts, pages, actions and instrumentation are separate bundles in one process.
const globalForAccess = globalThis as unknown as { __rolecallAccessCache?: AccessCache; __rolecallAccessListening?: Promise<void> };

/** The process's access cache (shared by middleware.ts, pages and actions: one process under `next start`). */
export function accessCache(): AccessCache {
  return (globalForAccess.__rolecallAccessCache ??= new AccessCache(
    SYSTEM_SPACE,
    { loadRoles: (accountId) => loadAccountRoles(accountId), loadMember: loadMemberInput, loadLicences: loadAccountLicences, onBrokenGraph: reportBrokenGraph },
    ttlMs(),
    Date.now,
    () => now().getTime(),
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
  return (await accessCache().getAccess(accountId, membershipId)).access;
}

/** Applies a committed change to this process's cache before the request returns. */
export function afterAccessChange(change: AccessChange & { role?: RoleInput }): void {
  const cache = accessCache();
  if (change.accountId && change.role) cache.applyRole(change.accountId, change.role);
  else if (change.accountId) cache.invalidateAccount(change.accountId);
  applyMemberChange(cache, change);
}

/** Drops the members a change names, or every member of the account it names. */
function applyMemberChange(cache: AccessCache, change: AccessChange): void {
  if (change.allMembersOf) cache.invalidateAccountMembers(change.allMembersOf);
  for (const id of change.membershipIds ?? []) cache.invalidateMember(id);
}

/**
 * Subscribes this process, once, to the changes other processes announce (lib/startup.ts calls it at
 * server start; a test or script that needs it calls it itself). A failed subscription is logged and tried
 * again after the TTL, which covers what is missed meanwhile.
 */
export function listenForAccessChanges(): Promise<void> {
  globalForAccess.__rolecallAccessListening ??= listenOnAccessChannel((payload) => {
    try {
      const change = decodeAccessChange(payload);
      if (!change) return;
      if (change.accountId) accessCache().invalidateAccount(change.accountId);
      applyMemberChange(accessCache(), change);
    } catch {
      // A malformed payload is not ours to act on; the TTL covers it.
    }
  }).catch((error) => {
    globalForAccess.__rolecallAccessListening = undefined;
    console.error('[access] cannot listen for changes; relying on the cache TTL', error);
    setTimeout(() => void listenForAccessChanges(), Math.max(ttlMs(), 5_000)).unref();
  });
  return globalForAccess.__rolecallAccessListening;
}
