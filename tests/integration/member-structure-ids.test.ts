import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { deleteMember } from '@/lib/dal/members/delete-member';
import { addDepartmentMembers, createDepartment, deleteDepartment, removeDepartmentMembers } from '@/lib/dal/organization/departments';
import { addGroupMembers, removeGroupMembers } from '@/lib/dal/organization/group-members';
import { createGroup, deleteGroup } from '@/lib/dal/organization/groups';
import { addTeamMembers, createTeam, deleteTeam, removeTeamMembers } from '@/lib/dal/organization/teams';
import { departmentInputSchema, groupInputSchema, teamInputSchema } from '@/lib/validation/organization';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

// memberships.structure_ids (migration 0017): each membership's departments, teams and groups, kept by the
// link tables' triggers in the writing transaction, which the Users tab's filters read through its index.

type Raw = Record<string, unknown>;
async function rows(query: ReturnType<typeof sql>): Promise<Raw[]> {
  const result = (await (await getDb()).execute(query)) as unknown as Raw[] | { rows: Raw[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Memberships of the account whose copy differs from their links (as sets): must be none. */
async function stale(accountId: string): Promise<string[]> {
  const found = await rows(sql`
    select m.id::text as id from memberships m where m.account_id = ${accountId}
      and array(select unnest(m.structure_ids) order by 1)::text[] is distinct from array(select s from (
        select department_id::text as s from department_members where membership_id = m.id
        union all select team_id::text from team_members where membership_id = m.id
        union all select group_id::text from group_members where membership_id = m.id) l order by 1)::text[]`);
  return found.map((row) => String(row.id));
}

async function structureIds(membershipId: string): Promise<string[]> {
  const [row] = await rows(sql`select array(select unnest(structure_ids)::text order by 1) as ids from memberships where id = ${membershipId}`);
  const ids = row!.ids;
  return typeof ids === 'string' ? ids.replace(/[{}]/g, '').split(',').filter(Boolean) : (ids as string[]);
}

async function setUp() {
  const account = await createAccount();
  const actor = actorOf(await createMember(account.accountId, { role: 'owner' }), 'Owner');
  const people = [];
  for (let i = 0; i < 6; i += 1) people.push((await createMember(account.accountId)).membershipId);
  const department = (await createDepartment(actor, departmentInputSchema.parse({ name: 'Sales' }))).id;
  const team = (await createTeam(actor, teamInputSchema.parse({ name: 'Core' }))).id;
  const group = (await createGroup(actor, groupInputSchema.parse({ name: 'Inbox' }))).id;
  return { account, actor, people, department, team, group };
}

describe('memberships.structure_ids', () => {
  it('follows every add and remove, and the deletion of a structure or a member', async () => {
    const { account, actor, people, department, team, group } = await setUp();
    await addDepartmentMembers(actor, department, people.slice(0, 4));
    await addTeamMembers(actor, team, people.slice(2, 6));
    await addGroupMembers(actor, group, [people[0]!, people[5]!]);
    expect(await structureIds(people[0]!)).toEqual([department, group].sort());
    expect(await structureIds(people[2]!)).toEqual([department, team].sort());
    expect(await structureIds(people[5]!)).toEqual([team, group].sort());
    expect(await stale(account.accountId)).toEqual([]);

    await removeDepartmentMembers(actor, department, [people[0]!]);
    await removeTeamMembers(actor, team, [people[2]!]);
    await removeGroupMembers(actor, group, [people[5]!]);
    expect(await structureIds(people[0]!)).toEqual([group]);
    expect(await structureIds(people[2]!)).toEqual([department]);
    expect(await structureIds(people[5]!)).toEqual([team]);
    expect(await stale(account.accountId)).toEqual([]);

    // Deleting a structure removes its links by cascade, and the copies follow.
    await deleteTeam(actor, team);
    await deleteGroup(actor, group);
    await deleteDepartment(actor, department);
    for (const person of people) expect(await structureIds(person)).toEqual([]);
    expect(await stale(account.accountId)).toEqual([]);

    // A member removed from the account takes their links along; nothing is left pointing at them.
    const again = (await createDepartment(actor, departmentInputSchema.parse({ name: 'Again' }))).id;
    await addDepartmentMembers(actor, again, people);
    await (await getDb()).execute(sql`update memberships set status = 'deactivated' where id = ${people[1]!}`);
    await deleteMember(actor, people[1]!);
    expect(await stale(account.accountId)).toEqual([]);
    expect(await structureIds(people[3]!)).toEqual([again]);
  });

  it('two admins adding overlapping people to two groups at once: both land, nobody deadlocks, every copy is whole', async () => {
    const { account, actor, people } = await setUp();
    const other = (await createGroup(actor, groupInputSchema.parse({ name: 'Second' }))).id;
    const first = (await createGroup(actor, groupInputSchema.parse({ name: 'First' }))).id;
    const secondAdmin = actorOf(await createMember(account.accountId, { role: 'owner' }), 'Second owner');
    // Overlapping sets, given in opposite orders.
    const results = await Promise.all([addGroupMembers(actor, first, people.slice(0, 5)), addGroupMembers(secondAdmin, other, people.slice(1).reverse())]);
    expect(results).toEqual([{ added: 5 }, { added: 5 }]);
    for (const person of people.slice(1, 5)) expect(await structureIds(person)).toEqual([first, other].sort());
    expect(await stale(account.accountId)).toEqual([]);
    await Promise.all([removeGroupMembers(actor, first, people.slice(0, 5)), removeGroupMembers(secondAdmin, other, people.slice(1))]);
    for (const person of people) expect(await structureIds(person)).toEqual([]);
  });
});
