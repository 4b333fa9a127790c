import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportCsv } from '@/app/(app)/settings/users/export/route';
import type { Actor } from '@/lib/access/checks';
import { listMembers } from '@/lib/dal/members/list-members';
import { MEMBER_QUERY_TUNING } from '@/lib/dal/members/search/plan-query';
import { addDepartmentMembers, createDepartment } from '@/lib/dal/organization/departments';
import { addGroupMembers } from '@/lib/dal/organization/group-members';
import { createGroup } from '@/lib/dal/organization/groups';
import { listStructureOptions } from '@/lib/dal/organization/structure-options';
import { addTeamMembers, createTeam, setPrimaryTeam } from '@/lib/dal/organization/teams';
import { encodeMemberCursor, parseMemberQuery } from '@/lib/validation/members';
import { departmentInputSchema, groupInputSchema, teamInputSchema } from '@/lib/validation/organization';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Member } from '../support/factories';
import { bitmapOnly, pageThrough, walkOnly } from '../support/member-pages';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

// The Users tab's department, team and group filters (issue 16, item 7): alone, together, with the search,
// status and role filters, on every path to a page (the walk along the name index, the bitmap), paged both ways.

const TUNINGS = [MEMBER_QUERY_TUNING, bitmapOnly, walkOnly(1_000), walkOnly(20)];

describe('Users tab: department, team and group filters', () => {
  let actor: Actor;
  let owner: Member;
  // 36 people, named so that the name order is their index order (all are "… Person").
  const people: Member[] = [];
  const ids = { sales: '', legal: '', core: '', ops: '', support: '', empty: '' };
  const sets = { sales: new Set<number>(), legal: new Set<number>(), core: new Set<number>(), ops: new Set<number>(), support: new Set<number>() };
  let foreign = { department: '', team: '', group: '' };

  beforeAll(async () => {
    const { accountId } = await createAccount('Filters Co');
    owner = await createMember(accountId, { role: 'owner', firstName: 'Aaa Owner' });
    actor = actorOf(owner, 'Owner');
    for (let i = 0; i < 36; i += 1) {
      const letter = String.fromCharCode(98 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26));
      people.push(await createMember(accountId, { firstName: `B${letter}${i % 4 === 0 ? ' Joq' : ''}`, role: i % 5 === 0 ? 'guest' : 'user', status: i % 7 === 3 ? 'deactivated' : undefined }));
    }
    const within = (test: (i: number) => boolean) => people.flatMap((person, i) => (test(i) ? [i] : []));
    const place = async (key: keyof typeof sets, indexes: number[], add: (id: string, members: string[]) => Promise<unknown>) => {
      indexes.forEach((i) => sets[key].add(i));
      await add(ids[key], indexes.map((i) => people[i]!.membershipId));
    };
    ids.sales = (await createDepartment(actor, departmentInputSchema.parse({ name: 'Sales' }))).id;
    ids.legal = (await createDepartment(actor, departmentInputSchema.parse({ name: 'Legal', parentId: ids.sales }))).id;
    ids.core = (await createTeam(actor, teamInputSchema.parse({ name: 'Core' }))).id;
    ids.ops = (await createTeam(actor, teamInputSchema.parse({ name: 'Ops' }))).id;
    ids.support = (await createGroup(actor, groupInputSchema.parse({ name: 'Support' }))).id;
    ids.empty = (await createGroup(actor, groupInputSchema.parse({ name: 'Nobody yet' }))).id;
    await place('sales', within((i) => i < 24), (id, members) => addDepartmentMembers(actor, id, members));
    await place('legal', within((i) => i >= 18 && i < 30), (id, members) => addDepartmentMembers(actor, id, members));
    await place('core', within((i) => i % 3 === 0), (id, members) => addTeamMembers(actor, id, members));
    await place('ops', within((i) => i % 2 === 0), (id, members) => addTeamMembers(actor, id, members));
    await place('support', within((i) => i % 4 < 2), (id, members) => addGroupMembers(actor, id, members));
    // Primary team: Core where they are in it, else Ops.
    for (const [i, person] of people.entries()) {
      if (sets.core.has(i)) await setPrimaryTeam(actor, person.membershipId, ids.core);
      else if (sets.ops.has(i)) await setPrimaryTeam(actor, person.membershipId, ids.ops);
    }

    // Another account with a department, team and group of its own, holding its own members.
    const other = await createAccount('Elsewhere Co');
    const theirOwner = await createMember(other.accountId, { role: 'owner' });
    const them = actorOf(theirOwner, 'Them');
    const theirPeople = [theirOwner.membershipId, (await createMember(other.accountId, { firstName: 'Bzz Outsider' })).membershipId];
    foreign = {
      department: (await createDepartment(them, departmentInputSchema.parse({ name: 'Sales' }))).id,
      team: (await createTeam(them, teamInputSchema.parse({ name: 'Core' }))).id,
      group: (await createGroup(them, groupInputSchema.parse({ name: 'Support' }))).id,
    };
    await addDepartmentMembers(them, foreign.department, theirPeople);
    await addTeamMembers(them, foreign.team, theirPeople);
    await addGroupMembers(them, foreign.group, theirPeople);
  });

  const expected = (test: (i: number) => boolean) => people.flatMap((person, i) => (test(i) ? [person.membershipId] : []));

  it('finds exactly the members of each structure, alone and combined, on every path, paged both ways', async () => {
    const cases: { params: Record<string, string>; test: (i: number) => boolean }[] = [
      { params: { department: ids.sales }, test: (i) => sets.sales.has(i) },
      // A department's own members: its sub-department's members are not the parent's.
      { params: { department: ids.legal }, test: (i) => sets.legal.has(i) },
      { params: { team: ids.core }, test: (i) => sets.core.has(i) },
      // Every member of a team, whether it is their primary team or not.
      { params: { team: ids.ops }, test: (i) => sets.ops.has(i) },
      { params: { group: ids.support }, test: (i) => sets.support.has(i) },
      { params: { group: ids.empty }, test: () => false },
      { params: { department: ids.sales, team: ids.core }, test: (i) => sets.sales.has(i) && sets.core.has(i) },
      { params: { department: ids.legal, group: ids.support }, test: (i) => sets.legal.has(i) && sets.support.has(i) },
      { params: { team: ids.ops, group: ids.support }, test: (i) => sets.ops.has(i) && sets.support.has(i) },
      { params: { department: ids.sales, team: ids.ops, group: ids.support }, test: (i) => sets.sales.has(i) && sets.ops.has(i) && sets.support.has(i) },
      // With today's filters and the search.
      { params: { department: ids.sales, status: 'deactivated' }, test: (i) => sets.sales.has(i) && i % 7 === 3 },
      { params: { group: ids.support, role: '' }, test: (i) => sets.support.has(i) },
      { params: { team: ids.ops, q: 'joq' }, test: (i) => sets.ops.has(i) && i % 4 === 0 },
      { params: { department: ids.sales, group: ids.support, q: 'person' }, test: (i) => sets.sales.has(i) && sets.support.has(i) },
    ];
    for (const { params, test } of cases) {
      const want = expected(test);
      for (const tuning of TUNINGS) {
        const got = await pageThrough(actor, params, tuning);
        const label = `${JSON.stringify(params)} walkMax=${tuning.walkMax} walkCost=${tuning.walkCost.table}`;
        expect(got.forward, label).toEqual(want);
        expect(got.backward, label).toEqual(want);
      }
      expect((await listMembers(actor, parseMemberQuery({ ...params, size: '100' }))).total).toBe(want.length);
    }
  });

  it('combines with the role filter', async () => {
    const guestRole = (await listMembers(actor, parseMemberQuery({ size: '100' }))).rows.find((row) => row.roles.some((role) => role.builtinKey === 'guest'))!.roles[0]!.id;
    const want = expected((i) => i % 5 === 0 && sets.support.has(i) && sets.ops.has(i));
    expect(want.length).toBeGreaterThan(0);
    for (const tuning of TUNINGS) {
      const got = await pageThrough(actor, { role: guestRole, group: ids.support, team: ids.ops }, tuning);
      expect(got.forward).toEqual(want);
    }
  });

  it('shows each member’s primary team', async () => {
    const page = await listMembers(actor, parseMemberQuery({ size: '100' }));
    for (const [i, person] of people.entries()) {
      const row = page.rows.find((candidate) => candidate.membershipId === person.membershipId)!;
      expect(row.primaryTeam).toEqual(sets.core.has(i) ? { id: ids.core, name: 'Core' } : sets.ops.has(i) ? { id: ids.ops, name: 'Ops' } : null);
    }
    expect(page.rows.find((row) => row.membershipId === owner.membershipId)!.primaryTeam).toBeNull();
  });

  it('never reaches another account: its structures’ ids match nobody here', async () => {
    const theirs: Record<string, string>[] = [{ department: foreign.department }, { team: foreign.team }, { group: foreign.group }, { department: ids.sales, group: foreign.group }];
    for (const params of theirs) {
      for (const tuning of TUNINGS) expect((await pageThrough(actor, params, tuning)).forward, JSON.stringify(params)).toEqual([]);
    }
    const options = await listStructureOptions(actor);
    expect(options).toEqual({
      departments: [
        { id: ids.sales, name: 'Sales', depth: 0 },
        { id: ids.legal, name: 'Legal', depth: 1 },
      ],
      teams: [
        { id: ids.core, name: 'Core' },
        { id: ids.ops, name: 'Ops' },
      ],
      groups: [
        { id: ids.empty, name: 'Nobody yet' },
        { id: ids.support, name: 'Support' },
      ],
    });
  });

  it('ignores malformed ids and never resumes a cursor made for another structure', async () => {
    expect(parseMemberQuery({ department: 'junk', team: "1' or '1'='1", group: '\u0000' })).toMatchObject({ department: null, team: null, group: null });
    const forSupport = parseMemberQuery({ group: ids.support });
    const cursor = encodeMemberCursor({ to: 'after', id: people[0]!.membershipId, offset: 1, fromEnd: null }, forSupport);
    expect(parseMemberQuery({ group: ids.support, cursor }).cursor).not.toBeNull();
    expect(parseMemberQuery({ group: ids.empty, cursor }).cursor).toBeNull();
    expect(parseMemberQuery({ team: ids.support, cursor }).cursor).toBeNull();
  });

  it('exports the filtered view with each member’s primary team', async () => {
    await actAs(owner.email);
    const response = await exportCsv(new Request(`http://localhost/settings/users/export?department=${ids.legal}&group=${ids.support}`));
    expect(response.status).toBe(200);
    const rows = Papa.parse<Record<string, string>>((await response.text()).replace(/^\uFEFF/, ''), { header: true }).data;
    const want = people.flatMap((person, i) => (sets.legal.has(i) && sets.support.has(i) ? [{ Email: person.email, 'Primary team': sets.core.has(i) ? 'Core' : sets.ops.has(i) ? 'Ops' : '' }] : []));
    expect(rows.map((row) => ({ Email: row.Email, 'Primary team': row['Primary team'] }))).toEqual(want);
  });
});
