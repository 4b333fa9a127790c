import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { licencePools, membershipLicences, memberships, users } from '@/db/schema';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import { AccountAccess } from '@/lib/access/account-access';
import { beyondActor } from '@/lib/access/escalation';
import { unlockedNames } from '@/lib/access/licences';
import { holds, type EffectiveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { violatedConstraint } from '@/lib/dal/core/constraint';
import { DalError } from '@/lib/dal/core/errors';
import { loadAccountLicences, loadAccountRoles, loadMemberInput } from '@/lib/dal/access/load-access';
import { writeAccessChange } from '@/lib/dal/access/write-access-change';
import { LICENCE_ENDING_DAYS, type LicenceDeletionPreview, type LicenceNotice, type LicencePoolDetail, type LicencePoolSummary } from '@/lib/types/licences';
import type { LicencePoolInput } from '@/lib/validation/licences';

// Issue 17: the account's licence pools (Settings → Licences). Creating a pool gates what it unlocks for
// every member at once (only seat holders keep it), changing what it unlocks or its end moves that gate,
// deleting it lifts it: each is an access change announced to every process, with its audit entry, in one
// transaction. Seats are counted by the database (migration 0018); a pool row is locked by every write
// that counts on its seats, so two admins never both take the last one.

export const poolColumns = {
  id: licencePools.id,
  key: licencePools.key,
  name: licencePools.name,
  seats: licencePools.seats,
  used: licencePools.used,
  endsAt: licencePools.endsAt,
  permissions: licencePools.permissions,
  modules: licencePools.modules,
  createdAt: licencePools.createdAt,
};

type PoolRow = { id: string; key: string; name: string; seats: number; used: number; endsAt: Date | null; permissions: string[]; modules: string[]; createdAt: Date };

export const licenceNotFound = () => new DalError('not_found', 'That licence does not exist in this account.');

/** Why the Licences page flags a pool: it has ended, it ends within 14 days, or every seat is taken. */
export function noticesOf(pool: Pick<PoolRow, 'seats' | 'used' | 'endsAt'>, at: number): LicenceNotice[] {
  const notices: LicenceNotice[] = [];
  if (pool.endsAt && pool.endsAt.getTime() <= at) notices.push('ended');
  else if (pool.endsAt && pool.endsAt.getTime() - at <= LICENCE_ENDING_DAYS * 86_400_000) notices.push('ending');
  if (pool.used >= pool.seats) notices.push('full');
  return notices;
}

export function summaryOf(row: PoolRow, at: number): LicencePoolSummary {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    seats: row.seats,
    used: row.used,
    endsAt: row.endsAt?.toISOString() ?? null,
    permissions: row.permissions,
    modules: row.modules,
    notices: noticesOf(row, at),
  };
}

/** The account's pools by name, each with its seats used (licences.manage or users.manage: the user page's widget reads them too). */
export async function listLicencePools(actor: Actor): Promise<LicencePoolSummary[]> {
  await requireAnyPermission(actor, ['licences.manage', 'users.manage']);
  const db = await getDb();
  const rows = await db
    .select(poolColumns)
    .from(licencePools)
    .where(eq(licencePools.accountId, actor.accountId))
    .orderBy(asc(sql`lower(${licencePools.name})`), asc(licencePools.id));
  const at = now().getTime();
  return rows.map((row) => summaryOf(row, at));
}

/** One pool with its holders, by name (licences.manage). Another account's pool is not found. */
export async function getLicencePool(actor: Actor, poolId: string): Promise<LicencePoolDetail> {
  await requirePermission(actor, 'licences.manage');
  const db = await getDb();
  const [row] = await db
    .select(poolColumns)
    .from(licencePools)
    .where(and(eq(licencePools.id, poolId), eq(licencePools.accountId, actor.accountId)));
  if (!row) throw licenceNotFound();
  const holders = await db
    .select({ membershipId: memberships.id, firstName: users.firstName, lastName: users.lastName, email: users.email, status: memberships.status, grantedAt: membershipLicences.createdAt })
    .from(membershipLicences)
    .innerJoin(memberships, eq(memberships.id, membershipLicences.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(membershipLicences.poolId, poolId))
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.email));
  return {
    ...summaryOf(row, now().getTime()),
    createdAt: row.createdAt.toISOString(),
    holders: holders.map((holder) => ({
      membershipId: holder.membershipId,
      name: `${holder.firstName} ${holder.lastName}`.trim() || holder.email,
      email: holder.email,
      status: holder.status,
      grantedAt: holder.grantedAt.toISOString(),
    })),
  };
}

/** The pool, locked for the rest of the transaction (`update`: its seats are about to be counted on). */
export async function lockPool(tx: Tx, actor: Actor, poolId: string): Promise<PoolRow> {
  const [row] = await tx
    .select(poolColumns)
    .from(licencePools)
    .where(and(eq(licencePools.id, poolId), eq(licencePools.accountId, actor.accountId)))
    .for('update');
  if (!row) throw licenceNotFound();
  return row;
}

/**
 * Refuses (forbidden) a pool that unlocks what the actor does not hold (through their roles and overrides):
 * giving it, taking it, or creating it moves access the actor could not hand out themselves.
 */
export function assertMayHandOutLicence(actorAccess: EffectiveAccess, pool: Pick<PoolRow, 'permissions' | 'modules'>, message: string): void {
  const beyond = beyondActor(actorAccess, unlockedNames(SYSTEM_SPACE, pool));
  if (beyond.length > 0) throw new DalError('forbidden', `${message} You do not hold: ${beyond.slice(0, 5).join(', ')}${beyond.length > 5 ? '…' : ''}.`, { permissions: `You do not hold ${beyond.join(', ')}.` });
}

/** A refusal the database made, in the form's words; anything else is rethrown. */
function explainPoolRefusal(error: unknown, input: Partial<Pick<LicencePoolInput, 'key' | 'name'>>): never {
  if (error instanceof DalError) throw error;
  switch (violatedConstraint(error)) {
    case 'licence_pools_account_key_unique':
      throw new DalError('conflict', `Another licence has the product key “${input.key}”.`, { key: 'This product key is taken in this account.' });
    case 'licence_pools_account_name_unique':
      throw new DalError('conflict', `Another licence is named “${input.name}”.`, { name: 'This name is taken in this account.' });
    case 'licence_pools_seats_used':
      throw new DalError('conflict', 'More seats are held than that. Revoke some first.', { seats: 'More seats are held than that.' });
    default:
      throw error;
  }
}

const poolAudit = (pool: Pick<PoolRow, 'key' | 'name' | 'seats' | 'endsAt' | 'permissions' | 'modules'>) => ({
  key: pool.key,
  name: pool.name,
  seats: pool.seats,
  endsAt: pool.endsAt?.toISOString() ?? null,
  permissions: pool.permissions,
  modules: pool.modules,
});

/**
 * Creates a pool (licences.manage). From then on what it unlocks is held only by its seat holders (none
 * yet), so the actor must hold all of it; a key or name taken in the account is refused per field.
 */
export async function createLicencePool(actor: Actor, input: LicencePoolInput, meta?: RequestMeta): Promise<{ id: string }> {
  const actorAccess = await requirePermission(actor, 'licences.manage');
  assertMayHandOutLicence(actorAccess, input, 'You cannot create a licence that unlocks more than you hold yourself.');
  try {
    return await writeAccessChange(actor, { accountId: actor.accountId }, async ({ tx, audit }) => {
      const [row] = await tx
        .insert(licencePools)
        .values({ accountId: actor.accountId, key: input.key, name: input.name, seats: input.seats, endsAt: input.endsAt, permissions: input.permissions, modules: input.modules })
        .returning({ id: licencePools.id });
      await audit({ action: 'licence.created', targetType: 'licence', targetId: row!.id, targetLabel: input.name, after: poolAudit(input) });
      return { id: row!.id };
    }, meta);
  } catch (error) {
    return explainPoolRefusal(error, input);
  }
}

/** What a change to a pool may set: any of its fields. */
export type LicencePoolChange = Partial<LicencePoolInput>;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Changes a pool (licences.manage): its name and key, its seats (never below those held: the message says how
 * many to revoke first), its end, what it unlocks. A change of what it unlocks or of its end moves access
 * (announced to every process); the actor must hold what it unlocked and what it will unlock.
 */
export async function updateLicencePool(actor: Actor, poolId: string, change: LicencePoolChange, meta?: RequestMeta): Promise<{ changed: boolean }> {
  const actorAccess = await requirePermission(actor, 'licences.manage');
  try {
    const { changed } = await writeAccessChange(
      actor,
      (result: { changed: boolean; access: boolean }) => (result.access ? { accountId: actor.accountId } : null),
      async ({ tx, audit }) => {
        const before = await lockPool(tx, actor, poolId);
        const after = {
          key: change.key ?? before.key,
          name: change.name ?? before.name,
          seats: change.seats ?? before.seats,
          endsAt: change.endsAt === undefined ? before.endsAt : change.endsAt,
          permissions: change.permissions ?? before.permissions,
          modules: change.modules ?? before.modules,
        };
        if (after.permissions.length + after.modules.length === 0) throw new DalError('invalid', 'A licence must unlock at least one module or permission.', { permissions: 'Pick at least one module or permission.' });
        if (after.seats < before.used) {
          const revoke = before.used - after.seats;
          throw new DalError('conflict', `${before.used} seats are held: revoke ${revoke} first, or keep at least ${before.used} seats.`, { seats: `At least ${before.used} (held now).` });
        }
        const unlocksChanged = !sameList(after.permissions, before.permissions) || !sameList(after.modules, before.modules);
        const endChanged = (after.endsAt?.getTime() ?? null) !== (before.endsAt?.getTime() ?? null);
        if (unlocksChanged || endChanged) {
          assertMayHandOutLicence(actorAccess, before, 'You cannot change a licence that unlocks more than you hold yourself.');
          assertMayHandOutLicence(actorAccess, after, 'You cannot make a licence unlock more than you hold yourself.');
        }
        const changed = unlocksChanged || endChanged || after.key !== before.key || after.name !== before.name || after.seats !== before.seats;
        if (!changed) return { changed: false, access: false };
        await tx
          .update(licencePools)
          .set({ ...after, updatedAt: sql`now()` })
          .where(eq(licencePools.id, poolId));
        await audit({ action: 'licence.updated', targetType: 'licence', targetId: poolId, targetLabel: after.name, before: poolAudit(before), after: poolAudit(after) });
        return { changed: true, access: unlocksChanged || endChanged };
      },
      meta,
    );
    return { changed };
  } catch (error) {
    return explainPoolRefusal(error, { key: change.key, name: change.name });
  }
}

/**
 * Deletes a pool (licences.manage): its seats go with it, and what it unlocked is no longer gated by it
 * (previewLicenceDeletion says who loses what, and what then follows roles alone). The actor must hold what
 * it unlocks.
 */
export async function deleteLicencePool(actor: Actor, poolId: string, meta?: RequestMeta): Promise<{ holders: number }> {
  const actorAccess = await requirePermission(actor, 'licences.manage');
  return writeAccessChange(
    actor,
    (result: { holders: string[] }) => ({ accountId: actor.accountId, ...(result.holders.length > 0 && result.holders.length <= 150 ? { membershipIds: result.holders } : result.holders.length > 0 ? { allMembersOf: actor.accountId } : {}) }),
    async ({ tx, audit }) => {
      const before = await lockPool(tx, actor, poolId);
      assertMayHandOutLicence(actorAccess, before, 'You cannot delete a licence that unlocks more than you hold yourself.');
      const holders = (await tx.select({ id: membershipLicences.membershipId }).from(membershipLicences).where(eq(membershipLicences.poolId, poolId))).map((row) => row.id);
      await tx.delete(licencePools).where(eq(licencePools.id, poolId));
      await audit({ action: 'licence.deleted', targetType: 'licence', targetId: poolId, targetLabel: before.name, before: { ...poolAudit(before), holders: holders.length } });
      return { holders };
    },
    meta,
  ).then(({ holders }) => ({ holders: holders.length }));
}

/**
 * What deleting the pool does (licences.manage), before it is done: its holders lose what it unlocked only
 * where another pool still gates it and they hold no seat of a valid one (the resolver compares each holder's
 * access with and without the pool); what no other pool gates is released: it follows roles alone again.
 */
export async function previewLicenceDeletion(actor: Actor, poolId: string): Promise<LicenceDeletionPreview> {
  await requirePermission(actor, 'licences.manage');
  const db = await getDb();
  const [roles, licences] = await Promise.all([loadAccountRoles(actor.accountId), loadAccountLicences(actor.accountId)]);
  const pool = licences.find((licence) => licence.id === poolId);
  if (!pool) throw licenceNotFound();
  const holders = await db
    .select({ membershipId: membershipLicences.membershipId, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(membershipLicences)
    .innerJoin(memberships, eq(memberships.id, membershipLicences.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(membershipLicences.poolId, poolId))
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.email));
  const others = licences.filter((licence) => licence.id !== poolId);
  const at = now().getTime();
  const before = new AccountAccess(SYSTEM_SPACE, roles, licences, at);
  const after = new AccountAccess(SYSTEM_SPACE, roles, others, at);
  const unlocked = unlockedNames(SYSTEM_SPACE, pool);
  const stillGated = new Set(others.flatMap((licence) => unlockedNames(SYSTEM_SPACE, licence)));
  const losing: LicenceDeletionPreview['losing'] = [];
  // Only what another pool still gates can be lost; with nothing such, nobody loses anything.
  if (unlocked.some((name) => stillGated.has(name))) {
    for (const holder of holders) {
      const member = await loadMemberInput(holder.membershipId);
      const had = before.accessOf(member);
      const keeps = after.accessOf(member);
      const loses = unlocked.filter((name) => holds(had, name) && !holds(keeps, name));
      if (loses.length > 0) losing.push({ membershipId: holder.membershipId, name: `${holder.firstName} ${holder.lastName}`.trim() || holder.email, loses });
    }
  }
  return { name: pool.name, holders: holders.length, losing, released: unlocked.filter((name) => !stillGated.has(name)) };
}
