import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { licencePools, membershipLicences, memberships, users } from '@/db/schema';
import { hasPermission, MODULES, permissionDef } from '@/lib/access/catalogue';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor } from '@/lib/access/escalation';
import { unlockedNames } from '@/lib/access/licences';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { DalError } from '@/lib/dal/core/errors';
import { membersChanged, writeAccessChange } from '@/lib/dal/access/write-access-change';
import { memberLabels } from '@/lib/dal/members/member-labels';
import { assertMayChange, targetMembership } from '@/lib/dal/members/target-membership';
import type { BulkResult } from '@/lib/types/members';
import type { MemberLicence } from '@/lib/types/licences';
import { assertMayHandOutLicence, lockPool, poolColumns } from './pools';

// Issue 17: who holds a seat of which pool. Granting locks the pool row and counts its seats in the same
// transaction (the database's check on licence_pools.used backs it), so two admins taking the last seat at
// once get one success and one "no seat left". Each grant or revoke is an access change of that member,
// announced to every process: they gain or lose what it unlocks on their very next request.

/** What a pool unlocks, as people read it: its modules by name, then the other permissions by label. */
export function unlockLabels(pool: { permissions: readonly string[]; modules: readonly string[] }): string[] {
  const modules = MODULES.filter((module) => pool.modules.includes(module.key)).map((module) => module.label);
  const inModules = new Set(pool.modules);
  const permissions = pool.permissions.filter((name) => !(permissionDef(name)?.module && inModules.has(permissionDef(name)!.module!))).map((name) => permissionDef(name)?.label ?? name);
  return [...modules, ...permissions];
}

/**
 * The account's pools as one member's Licences widget shows them: which they hold, the seats left, and
 * whether the viewer may switch each (licences.manage and holding what it unlocks). users.manage or
 * licences.manage; another account's member is not found.
 */
export async function listMemberLicences(actor: Actor, membershipId: string): Promise<MemberLicence[]> {
  const actorAccess = await requireAnyPermission(actor, ['users.manage', 'licences.manage']);
  await targetMembership(actor, membershipId);
  const db = await getDb();
  const rows = await db
    .select({
      ...poolColumns,
      held: sql<boolean>`exists (select 1 from membership_licences ml where ml.pool_id = ${licencePools.id} and ml.membership_id = ${membershipId})`,
    })
    .from(licencePools)
    .where(eq(licencePools.accountId, actor.accountId))
    .orderBy(asc(sql`lower(${licencePools.name})`), asc(licencePools.id));
  const manages = hasPermission(actorAccess, 'licences.manage');
  const at = now().getTime();
  return rows.map((row) => ({
    poolId: row.id,
    key: row.key,
    name: row.name,
    seats: row.seats,
    used: row.used,
    endsAt: row.endsAt?.toISOString() ?? null,
    ended: row.endsAt !== null && row.endsAt.getTime() <= at,
    held: row.held,
    unlocks: unlockLabels(row),
    mayChange: manages && beyondActor(actorAccess, unlockedNames(SYSTEM_SPACE, row)).length === 0,
  }));
}

/**
 * Gives the member a seat of the pool, or takes it back (licences.manage). Refuses another account's pool or
 * member (not found), a deactivated member, a pool that has ended, a pool unlocking what the actor does not
 * hold, an Owner's membership unless the actor is an Owner, and a grant beyond the seats ("no seat left").
 * Giving what they hold, or taking what they do not, changes nothing.
 */
export async function setMemberLicence(actor: Actor, membershipId: string, poolId: string, held: boolean, meta?: RequestMeta): Promise<{ changed: boolean }> {
  const actorAccess = await requirePermission(actor, 'licences.manage');
  const target = await targetMembership(actor, membershipId);
  await assertMayChange(actor, target);
  return writeAccessChange(
    actor,
    (result: { changed: boolean }) => (result.changed ? membersChanged(actor.accountId, [membershipId]) : null),
    async ({ tx, audit }) => {
      const pool = await lockPool(tx, actor, poolId);
      assertMayHandOutLicence(actorAccess, pool, held ? 'You cannot give a licence that unlocks more than you hold yourself.' : 'You cannot take back a licence that unlocks more than you hold yourself.');
      // Read under the pool's lock: the member's state as of now (deleted meanwhile: not found).
      const [member] = await tx
        .select({ status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.id, membershipId), eq(memberships.accountId, actor.accountId)))
        .for('share');
      if (!member) throw new DalError('not_found', 'That user is not a member of this account.');
      const [existing] = await tx
        .select({ poolId: membershipLicences.poolId })
        .from(membershipLicences)
        .where(and(eq(membershipLicences.poolId, poolId), eq(membershipLicences.membershipId, membershipId)));
      if (held === Boolean(existing)) return { changed: false };
      if (held) {
        if (member.status === 'deactivated') throw new DalError('conflict', `${target.label} is deactivated: activate them before giving them a licence.`);
        if (pool.endsAt && pool.endsAt.getTime() <= now().getTime()) throw new DalError('conflict', `${pool.name} has ended: change its end date before giving seats.`);
        if (pool.used >= pool.seats) {
          throw new DalError('conflict', `No seat left in ${pool.name} (${pool.used} of ${pool.seats} in use). Revoke one or add seats first.`);
        }
        await tx.insert(membershipLicences).values({ poolId, membershipId, accountId: actor.accountId, grantedBy: actor.userId });
      } else {
        await tx.delete(membershipLicences).where(and(eq(membershipLicences.poolId, poolId), eq(membershipLicences.membershipId, membershipId)));
      }
      await audit({
        action: held ? 'licence.granted' : 'licence.revoked',
        targetType: 'membership',
        targetId: membershipId,
        targetLabel: target.label,
        after: { licence: pool.name, key: pool.key, seatsUsed: pool.used + (held ? 1 : -1), seats: pool.seats },
      });
      return { changed: true };
    },
    meta,
  );
}

/**
 * Gives (or takes back) one pool's seats to many members, each through setMemberLicence's rules, in the order
 * given: so the members beyond the seats left are refused one by one ("No seat left…") and the others keep
 * theirs. Says what changed, what already was so, and what was refused and why (licences.manage).
 */
export async function bulkSetLicence(actor: Actor, membershipIds: readonly string[], poolId: string, held: boolean, meta?: RequestMeta): Promise<BulkResult> {
  await requirePermission(actor, 'licences.manage');
  const members = await memberLabels(actor.accountId, membershipIds);
  const result: BulkResult = { changed: [], unchanged: [], refused: [] };
  for (const id of membershipIds) {
    const name = members.get(id)?.label;
    if (!name) {
      result.refused.push({ name: 'Unknown user', reason: 'Not a member of this account.' });
      continue;
    }
    try {
      const outcome = await setMemberLicence(actor, id, poolId, held, meta);
      (outcome.changed ? result.changed : result.unchanged).push(name);
    } catch (error) {
      if (!(error instanceof DalError)) throw error;
      // A pool that does not exist, or that the actor may not hand out, refuses everyone alike: say it once.
      if (error.code === 'forbidden' || (error.code === 'not_found' && error.message.startsWith('That licence'))) throw error;
      result.refused.push({ name, reason: error.message.startsWith('No seat left') ? 'No seat left.' : error.message });
    }
  }
  return result;
}

export interface LicenceAssignmentRow {
  licence: string;
  key: string;
  name: string;
  email: string;
  status: string;
  grantedAt: string;
  endsAt: string | null;
}

/** Every seat held in the account (or in one pool), by licence then person, for the CSV export (licences.manage). */
export async function exportLicenceAssignments(actor: Actor, poolId?: string): Promise<LicenceAssignmentRow[]> {
  await requirePermission(actor, 'licences.manage');
  const db = await getDb();
  const rows = await db
    .select({
      licence: licencePools.name,
      key: licencePools.key,
      endsAt: licencePools.endsAt,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      status: memberships.status,
      grantedAt: membershipLicences.createdAt,
    })
    .from(membershipLicences)
    .innerJoin(licencePools, eq(licencePools.id, membershipLicences.poolId))
    .innerJoin(memberships, eq(memberships.id, membershipLicences.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(membershipLicences.accountId, actor.accountId), poolId ? eq(membershipLicences.poolId, poolId) : undefined))
    .orderBy(asc(sql`lower(${licencePools.name})`), asc(users.lastName), asc(users.firstName), asc(users.email));
  return rows.map((row) => ({
    licence: row.licence,
    key: row.key,
    name: `${row.firstName} ${row.lastName}`.trim(),
    email: row.email,
    status: row.status,
    grantedAt: row.grantedAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
  }));
}
