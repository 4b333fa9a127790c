import { describe, expect, it } from 'vitest';
import { addDepartmentMembers, createDepartment, getDepartment } from '@/lib/dal/organization/departments';
import { listStructureMembers, searchMembersToPick } from '@/lib/dal/organization/structure-members';
import { addTeamMembers, createTeam, getTeam, setPrimaryTeam, updateTeam } from '@/lib/dal/organization/teams';
import { departmentInputSchema, teamInputSchema } from '@/lib/validation/organization';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

async function admin() {
  const account = await createAccount();
  return { account, actor: actorOf(await createMember(account.accountId, { role: 'admin' }), 'Admin') };
}

describe('members of a department or team, and the picker (issue 16)', () => {
  it('lists members by name, searched, paged, with the primary team marked', async () => {
    const { account, actor } = await admin();
    const { id: dep } = await createDepartment(actor, departmentInputSchema.parse({ name: 'Sales' }));
    const { id: team } = await createTeam(actor, teamInputSchema.parse({ name: 'Core' }));
    const people = [];
    for (const firstName of ['Zoe', 'Ada', 'Max', 'Bea']) people.push(await createMember(account.accountId, { firstName }));
    const ids = people.map((p) => p.membershipId);
    await addDepartmentMembers(actor, dep, ids);
    await addTeamMembers(actor, team, ids.slice(0, 2));
    await setPrimaryTeam(actor, ids[0]!, team);
    const all = await listStructureMembers(actor, 'department', dep, { pageSize: 3 });
    expect(all.total).toBe(4);
    expect(all.rows.map((row) => row.name)).toEqual(['Ada Person', 'Bea Person', 'Max Person']);
    expect(all.links.previous).toBeNull();
    const next = await listStructureMembers(actor, 'department', dep, { pageSize: 3, cursor: all.links.next!.cursor });
    expect(next.rows.map((row) => row.name)).toEqual(['Zoe Person']);
    expect(next.offset).toBe(3);
    expect(next.links.next).toBeNull();
    const back = await listStructureMembers(actor, 'department', dep, { pageSize: 3, cursor: next.links.previous!.cursor });
    expect(back.rows.map((row) => row.membershipId)).toEqual(all.rows.map((row) => row.membershipId));
    // A cursor made for another structure starts at the first page of this one.
    expect((await listStructureMembers(actor, 'team', team, { pageSize: 3, cursor: all.links.next!.cursor })).offset).toBe(0);
    expect(new Set([...all.rows, ...next.rows].map((row) => row.membershipId))).toEqual(new Set(ids));
    const searched = await listStructureMembers(actor, 'department', dep, { q: 'ZOE' });
    expect(searched.rows.map((row) => row.name)).toEqual([expect.stringContaining('Zoe')]);
    expect((await listStructureMembers(actor, 'department', dep, { q: '100%_' })).total).toBe(0);
    const teamPage = await listStructureMembers(actor, 'team', team);
    expect(teamPage.rows.find((row) => row.membershipId === ids[0])!.isPrimary).toBe(true);
    expect(teamPage.rows.find((row) => row.membershipId === ids[1])!.isPrimary).toBe(false);
  });

  it('a department’s page: its path from the root and its sub-departments; a team’s: its responsible person', async () => {
    const { account, actor } = await admin();
    const { id: root } = await createDepartment(actor, departmentInputSchema.parse({ name: 'Company' }));
    const { id: mid } = await createDepartment(actor, departmentInputSchema.parse({ name: 'Sales', parentId: root, email: 'sales@example.test' }));
    const { id: leaf } = await createDepartment(actor, departmentInputSchema.parse({ name: 'EMEA', parentId: mid }));
    const { id: other } = await createDepartment(actor, departmentInputSchema.parse({ name: 'APAC', parentId: mid }));
    expect(await getDepartment(actor, mid)).toMatchObject({ id: mid, name: 'Sales', email: 'sales@example.test', path: [{ id: root, name: 'Company' }], children: [{ id: other, name: 'APAC' }, { id: leaf, name: 'EMEA' }] });
    expect(await getDepartment(actor, leaf)).toMatchObject({ path: [{ id: root, name: 'Company' }, { id: mid, name: 'Sales' }], children: [] });
    const lead = await createMember(account.accountId, { firstName: 'Lea' });
    const { id: team } = await createTeam(actor, teamInputSchema.parse({ name: 'Core' }));
    await addTeamMembers(actor, team, [lead.membershipId]);
    await updateTeam(actor, team, teamInputSchema.parse({ name: 'Core', responsibleMembershipId: lead.membershipId }));
    expect(await getTeam(actor, team)).toEqual({ id: team, name: 'Core', description: '', responsible: { membershipId: lead.membershipId, name: 'Lea Person' } });
  });

  it('never lists or picks another account’s people', async () => {
    const [{ actor }, other] = [await admin(), await admin()];
    const { id: theirs } = await createDepartment(other.actor, departmentInputSchema.parse({ name: 'Theirs' }));
    const { id: theirTeam } = await createTeam(other.actor, teamInputSchema.parse({ name: 'Theirs' }));
    await expect(getDepartment(actor, theirs)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getTeam(actor, theirTeam)).rejects.toMatchObject({ code: 'not_found' });
    await expect(listStructureMembers(actor, 'team', theirTeam)).rejects.toMatchObject({ code: 'not_found' });
    await createMember(other.account.accountId, { firstName: 'Outsider' });
    await expect(listStructureMembers(actor, 'department', theirs)).rejects.toMatchObject({ code: 'not_found' });
    await expect(listStructureMembers(actor, 'team', theirs)).rejects.toMatchObject({ code: 'not_found' });
    expect(await searchMembersToPick(actor, 'Outsider')).toEqual([]);
    const user = actorOf(await createMember(other.account.accountId, { role: 'user' }));
    await expect(searchMembersToPick(user, 'a')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the picker finds members by name or email, ten at most', async () => {
    const { account, actor } = await admin();
    for (let i = 0; i < 12; i++) await createMember(account.accountId, { firstName: `Pickme${i}` });
    const found = await searchMembersToPick(actor, 'pickme');
    expect(found).toHaveLength(10);
    expect(found.every((member) => member.name.startsWith('Pickme'))).toBe(true);
  });
});

describe('a member’s place in the organization', () => {
  it('lists their departments and teams with the primary one, and not another account’s member', async () => {
    const { getMemberPlacement } = await import('@/lib/dal/organization/member-placement');
    const { account, actor } = await admin();
    const ada = await createMember(account.accountId);
    const { id: dep } = await createDepartment(actor, departmentInputSchema.parse({ name: 'Finance' }));
    const { id: team } = await createTeam(actor, teamInputSchema.parse({ name: 'Ledger' }));
    await addDepartmentMembers(actor, dep, [ada.membershipId]);
    await addTeamMembers(actor, team, [ada.membershipId]);
    await setPrimaryTeam(actor, ada.membershipId, team);
    expect(await getMemberPlacement(actor, ada.membershipId)).toEqual({ departments: [{ id: dep, name: 'Finance' }], teams: [{ id: team, name: 'Ledger', isPrimary: true }] });
    const other = await admin();
    await expect(getMemberPlacement(other.actor, ada.membershipId)).rejects.toMatchObject({ code: 'not_found' });
  });
});
