import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, teamMembers } from '@/db/schema';
import { addTeamMembers, createTeam, deleteTeam, listTeams, removeTeamMembers, setPrimaryTeam, setTeamResponsible, updateTeam } from '@/lib/dal/organization/teams';
import { teamInputSchema } from '@/lib/validation/organization';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const input = (name: string, extra: Record<string, unknown> = {}) => teamInputSchema.parse({ name, ...extra });

async function admin() {
  const account = await createAccount();
  const member = await createMember(account.accountId, { role: 'admin' });
  return { account, actor: actorOf(member, 'Admin') };
}

async function primaryOf(membershipId: string) {
  const db = await getDb();
  return (await db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.membershipId, membershipId), eq(teamMembers.isPrimary, true)))).map((row) => row.teamId);
}

describe('teams (issue 16)', () => {
  it('a team with a responsible person, who joins it; listed with counts', async () => {
    const { account, actor } = await admin();
    const lead = await createMember(account.accountId, { firstName: 'Lena' });
    const { id } = await createTeam(actor, input('Core', { responsibleMembershipId: lead.membershipId }));
    await addTeamMembers(actor, id, [(await createMember(account.accountId)).membershipId]);
    const [team] = await listTeams(actor);
    expect(team).toMatchObject({ id, name: 'Core', members: 2, responsible: { membershipId: lead.membershipId, name: expect.stringContaining('Lena') } });
  });

  it('the responsible person must be in the team; when they leave, the team has none', async () => {
    const { account, actor } = await admin();
    const [ada, bob] = [await createMember(account.accountId), await createMember(account.accountId)];
    const { id } = await createTeam(actor, input('Ops'));
    await addTeamMembers(actor, id, [ada.membershipId]);
    await expect(updateTeam(actor, id, input('Ops', { responsibleMembershipId: bob.membershipId }))).rejects.toMatchObject({ code: 'invalid', fieldErrors: { responsibleMembershipId: expect.any(String) } });
    await updateTeam(actor, id, input('Ops', { responsibleMembershipId: ada.membershipId }));
    expect(await removeTeamMembers(actor, id, [ada.membershipId])).toEqual({ removed: 1, responsibleCleared: true });
    expect((await listTeams(actor))[0]!.responsible).toBeNull();
  });

  it('a primary team is one of the member’s teams, at most one, even when two admins set it at once', async () => {
    const { account, actor } = await admin();
    const second = actorOf(await createMember(account.accountId, { role: 'admin' }));
    const ada = await createMember(account.accountId);
    const [{ id: core }, { id: ops }, { id: other }] = [await createTeam(actor, input('Core')), await createTeam(actor, input('Ops')), await createTeam(actor, input('Other'))];
    await addTeamMembers(actor, core, [ada.membershipId]);
    await addTeamMembers(actor, ops, [ada.membershipId]);
    await expect(setPrimaryTeam(actor, ada.membershipId, other)).rejects.toMatchObject({ code: 'invalid', fieldErrors: { teamId: expect.any(String) } });
    await Promise.all([setPrimaryTeam(actor, ada.membershipId, core), setPrimaryTeam(second, ada.membershipId, ops)]);
    expect(await primaryOf(ada.membershipId)).toHaveLength(1);
    await setPrimaryTeam(actor, ada.membershipId, core);
    await removeTeamMembers(actor, core, [ada.membershipId]);
    expect(await primaryOf(ada.membershipId)).toEqual([]);
    await setPrimaryTeam(actor, ada.membershipId, null);
  });

  it('never reaches another account, and refuses bad input per field', async () => {
    const [{ actor }, other] = [await admin(), await admin()];
    const { id: theirs } = await createTeam(other.actor, input('Theirs'));
    const outsider = await createMember(other.account.accountId);
    await expect(updateTeam(actor, theirs, input('Mine now'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteTeam(actor, theirs)).rejects.toMatchObject({ code: 'not_found' });
    await expect(addTeamMembers(actor, theirs, [actor.membershipId])).rejects.toMatchObject({ code: 'not_found' });
    await expect(createTeam(actor, input('Mine', { responsibleMembershipId: outsider.membershipId }))).rejects.toMatchObject({ code: 'not_found' });
    await expect(setPrimaryTeam(actor, outsider.membershipId, null)).rejects.toMatchObject({ code: 'not_found' });
    expect((await listTeams(actor)).map((t) => t.name)).toEqual([]);
    await expect(createTeam(actor, input('Theirs'))).resolves.toBeTruthy();
    await expect(createTeam(actor, input('theirs'))).rejects.toMatchObject({ code: 'conflict', fieldErrors: { name: 'That name is taken.' } });
    const bad = teamInputSchema.safeParse({ name: '', responsibleMembershipId: 'not-an-id', description: 'x'.repeat(2001) });
    expect(new Set(bad.error!.issues.map((issue) => issue.path[0]))).toEqual(new Set(['name', 'responsibleMembershipId', 'description']));
  });

  it('needs groups.manage; every change is audited', async () => {
    const { account, actor } = await admin();
    const user = actorOf(await createMember(account.accountId, { role: 'user' }));
    await expect(createTeam(user, input('Mine'))).rejects.toMatchObject({ code: 'forbidden' });
    const { id } = await createTeam(actor, input('Audit'));
    await updateTeam(actor, id, input('Audited'));
    await deleteTeam(actor, id);
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.createdAt);
    expect(entries.map((e) => e.action)).toEqual(['team.created', 'team.updated', 'team.deleted']);
    expect(entries[1]).toMatchObject({ before: { name: 'Audit' }, after: { name: 'Audited' } });
  });
});

describe('a team’s responsible person, set on its own', () => {
  it('is one of its members or none; another account’s team is not found', async () => {
    const { account, actor } = await admin();
    const [ada, bob] = [await createMember(account.accountId), await createMember(account.accountId)];
    const { id } = await createTeam(actor, input('Desk'));
    await addTeamMembers(actor, id, [ada.membershipId]);
    await expect(setTeamResponsible(actor, id, bob.membershipId)).rejects.toMatchObject({ code: 'invalid' });
    await setTeamResponsible(actor, id, ada.membershipId);
    expect((await listTeams(actor))[0]!.responsible?.membershipId).toBe(ada.membershipId);
    await setTeamResponsible(actor, id, null);
    expect((await listTeams(actor))[0]!.responsible).toBeNull();
    const other = await admin();
    await expect(setTeamResponsible(other.actor, id, null)).rejects.toMatchObject({ code: 'not_found' });
  });
});
