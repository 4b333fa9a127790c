import 'server-only';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { memberships, teamMembers, teams } from '@/db/schema';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { violatedConstraint } from '@/lib/dal/core/constraint';
import { DalError } from '@/lib/dal/core/errors';
import { requireMembersOf, writeExplained } from './organization-writes';
import type { RequestMeta } from '@/lib/http/client';
import type { TeamSummary } from '@/lib/types/organization';
import type { TeamInput } from '@/lib/validation/organization';

export type { TeamSummary };

const notFound = () => new DalError('not_found', 'That team does not exist in this account.');
const notAMember = () => new DalError('invalid', 'The responsible person must be a member of the team.', { responsibleMembershipId: 'Pick one of the team’s members.' });

/** The account's teams by name, with their responsible person and member count (groups.manage or users.manage). */
/** One team of the actor's account with its responsible person, for its page (not found for another account's). */
export async function getTeam(actor: Actor, teamId: string): Promise<Omit<TeamSummary, 'members'>> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  const [row] = await db
    .select({
      id: teams.id,
      name: teams.name,
      description: teams.description,
      responsibleId: teams.responsibleMembershipId,
      responsibleName: sql<string | null>`(select btrim(u.first_name || ' ' || u.last_name) from memberships m join users u on u.id = m.user_id where m.id = teams.responsible_membership_id)`,
    })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.accountId, actor.accountId)));
  if (!row) throw notFound();
  const { responsibleId, responsibleName, ...team } = row;
  return { ...team, responsible: responsibleId ? { membershipId: responsibleId, name: responsibleName ?? '' } : null };
}

export async function listTeams(actor: Actor): Promise<TeamSummary[]> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  const rows = await db
    .select({
      id: teams.id,
      name: teams.name,
      description: teams.description,
      responsibleId: teams.responsibleMembershipId,
      // Spelled out: in a one-table select drizzle leaves column names unqualified, which a subquery would misread.
      responsibleName: sql<string | null>`(select btrim(u.first_name || ' ' || u.last_name) from memberships m join users u on u.id = m.user_id where m.id = teams.responsible_membership_id)`,
      members: sql<number>`(select count(*)::int from team_members tm where tm.team_id = teams.id)`,
    })
    .from(teams)
    .where(eq(teams.accountId, actor.accountId))
    .orderBy(asc(sql`lower(${teams.name})`), asc(teams.id));
  return rows.map(({ responsibleId, responsibleName, ...row }) => ({ ...row, responsible: responsibleId ? { membershipId: responsibleId, name: responsibleName ?? '' } : null }));
}

function explain(error: unknown, name: string): never {
  switch (violatedConstraint(error)) {
    case 'teams_account_name_unique':
      throw new DalError('conflict', `A team named “${name}” already exists.`, { name: 'That name is taken.' });
    case 'teams_responsible_is_member':
      throw notAMember();
  }
  throw error;
}

const writeTeam = <T>(name: string, write: (tx: Tx) => Promise<T>) => writeExplained((error) => explain(error, name), write);

/** Creates a team (groups.manage). A responsible person named here joins the team with it. */
export async function createTeam(actor: Actor, input: TeamInput, meta?: RequestMeta): Promise<{ id: string }> {
  await requirePermission(actor, 'groups.manage');
  return writeTeam(input.name, async (tx) => {
    if (input.responsibleMembershipId) await requireMembersOf(tx, actor, [input.responsibleMembershipId]);
    const [row] = await tx
      .insert(teams)
      .values({ accountId: actor.accountId, name: input.name, description: input.description, responsibleMembershipId: input.responsibleMembershipId })
      .returning({ id: teams.id });
    if (input.responsibleMembershipId) {
      await tx.insert(teamMembers).values({ teamId: row!.id, membershipId: input.responsibleMembershipId, accountId: actor.accountId });
    }
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, action: 'team.created', targetType: 'team', targetId: row!.id, targetLabel: input.name, after: { ...input }, meta });
    return { id: row!.id };
  });
}

/** Renames a team or changes its description or responsible person, who must already be in it (groups.manage). */
export async function updateTeam(actor: Actor, teamId: string, input: TeamInput, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'groups.manage');
  await writeTeam(input.name, async (tx) => {
    const [before] = await tx
      .select({ name: teams.name, description: teams.description, responsibleMembershipId: teams.responsibleMembershipId })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.accountId, actor.accountId)))
      .for('update');
    if (!before) throw notFound();
    if (input.responsibleMembershipId) {
      const [inTeam] = await tx
        .select({ id: teamMembers.membershipId })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.membershipId, input.responsibleMembershipId)))
        .for('share');
      if (!inTeam) throw notAMember();
    }
    await tx
      .update(teams)
      .set({ name: input.name, description: input.description, responsibleMembershipId: input.responsibleMembershipId, updatedAt: sql`now()` })
      .where(eq(teams.id, teamId));
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, action: 'team.updated', targetType: 'team', targetId: teamId, targetLabel: input.name, before, after: { ...input }, meta });
  });
}

/** Deletes a team (groups.manage); its members leave it (and lose it as their primary team). */
export async function deleteTeam(actor: Actor, teamId: string, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: teams.name, description: teams.description, responsibleMembershipId: teams.responsibleMembershipId })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.accountId, actor.accountId)))
      .for('update');
    if (!before) throw notFound();
    const [{ members } = { members: 0 }] = await tx.select({ members: count() }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
    await tx.delete(teams).where(eq(teams.id, teamId));
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, action: 'team.deleted', targetType: 'team', targetId: teamId, targetLabel: before.name, before: { ...before, members }, meta });
  });
}

async function lockTeam(tx: Tx, actor: Actor, teamId: string): Promise<{ name: string; responsibleMembershipId: string | null }> {
  const [row] = await tx
    .select({ name: teams.name, responsibleMembershipId: teams.responsibleMembershipId })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.accountId, actor.accountId)))
    .for('update');
  if (!row) throw notFound();
  return row;
}

/** Adds members to a team (groups.manage), all or none; those already in it stay as they are. */
export async function addTeamMembers(actor: Actor, teamId: string, membershipIds: string[], meta?: RequestMeta): Promise<{ added: number }> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { name } = await lockTeam(tx, actor, teamId);
    await requireMembersOf(tx, actor, membershipIds);
    const added = await tx
      .insert(teamMembers)
      .values(membershipIds.map((membershipId) => ({ teamId, membershipId, accountId: actor.accountId })))
      .onConflictDoNothing()
      .returning({ membershipId: teamMembers.membershipId });
    if (added.length > 0) {
      await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, action: 'team.members_added', targetType: 'team', targetId: teamId, targetLabel: name, after: { membershipIds: added.map((row) => row.membershipId) }, meta });
    }
    return { added: added.length };
  });
}

/**
 * Removes members from a team (groups.manage). The responsible person can leave too: the team then has
 * none (the database clears it), and the audit entry says so. A member's primary team goes with them.
 */
export async function removeTeamMembers(actor: Actor, teamId: string, membershipIds: string[], meta?: RequestMeta): Promise<{ removed: number; responsibleCleared: boolean }> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { name, responsibleMembershipId } = await lockTeam(tx, actor, teamId);
    const removed = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.accountId, actor.accountId), inArray(teamMembers.membershipId, membershipIds)))
      .returning({ membershipId: teamMembers.membershipId, isPrimary: teamMembers.isPrimary });
    const responsibleCleared = responsibleMembershipId !== null && removed.some((row) => row.membershipId === responsibleMembershipId);
    if (removed.length > 0) {
      await recordAudit(tx, {
        accountId: actor.accountId,
        actorUserId: actor.userId,
        action: 'team.members_removed',
        targetType: 'team',
        targetId: teamId,
        targetLabel: name,
        before: { membershipIds: removed.map((row) => row.membershipId), primaryFor: removed.filter((row) => row.isPrimary).map((row) => row.membershipId), ...(responsibleCleared ? { responsibleMembershipId } : {}) },
        meta,
      });
    }
    return { removed: removed.length, responsibleCleared };
  });
}

/**
 * Sets a member's primary team to one of their teams, or none (groups.manage). Two changes at once for the
 * same member are taken one after the other (the membership's row is locked), so they never end with two.
 */
export async function setPrimaryTeam(actor: Actor, membershipId: string, teamId: string | null, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.accountId, actor.accountId)))
      .for('update');
    if (!member) throw new DalError('not_found', 'That person is not a member of this account.');
    const [before] = await tx.select({ teamId: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.membershipId, membershipId), eq(teamMembers.isPrimary, true)));
    if (teamId) {
      const [inTeam] = await tx
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.membershipId, membershipId), eq(teamMembers.accountId, actor.accountId)));
      if (!inTeam) throw new DalError('invalid', 'A primary team must be one of the member’s teams.', { teamId: 'Pick one of their teams.' });
    }
    await tx.update(teamMembers).set({ isPrimary: false }).where(and(eq(teamMembers.membershipId, membershipId), eq(teamMembers.isPrimary, true)));
    if (teamId) await tx.update(teamMembers).set({ isPrimary: true }).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.membershipId, membershipId)));
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'member.primary_team_changed',
      targetType: 'membership',
      targetId: membershipId,
      before: { teamId: before?.teamId ?? null },
      after: { teamId },
      meta,
    });
  });
}

/** Names the team's responsible person (one of its members) or none (groups.manage). */
export async function setTeamResponsible(actor: Actor, teamId: string, membershipId: string | null, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  await db.transaction(async (tx) => {
    const { name, responsibleMembershipId: before } = await lockTeam(tx, actor, teamId);
    if (membershipId) {
      const [inTeam] = await tx
        .select({ id: teamMembers.membershipId })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.membershipId, membershipId)))
        .for('share');
      if (!inTeam) throw notAMember();
    }
    await tx.update(teams).set({ responsibleMembershipId: membershipId, updatedAt: sql`now()` }).where(eq(teams.id, teamId));
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, action: 'team.updated', targetType: 'team', targetId: teamId, targetLabel: name, before: { responsibleMembershipId: before }, after: { responsibleMembershipId: membershipId }, meta });
  });
}
