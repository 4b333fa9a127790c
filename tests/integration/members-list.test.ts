import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { membershipRoles, memberships, roles, users } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { DalError } from '@/lib/dal/core/errors';
import { exportMembers, listMembers } from '@/lib/dal/members/list-members';
import { findMemberPage } from '@/lib/dal/members/search/find-page';
import { MEMBER_QUERY_TUNING, type MemberQueryTuning } from '@/lib/dal/members/search/plan-query';
import { type MemberPage } from '@/lib/types/members';
import { encodeMemberCursor, MEMBER_SORTS, memberQuerySchema, parseMemberQuery, type MemberQuery } from '@/lib/validation/members';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Account;
let actor: Actor;
const query = (overrides: Record<string, unknown> = {}) => memberQuerySchema.parse(overrides);

beforeAll(async () => {
  account = await createAccount('List Co');
  const owner = await createMember(account.accountId, { role: 'owner', firstName: 'Olive', email: 'olive.owner@list.test' });
  actor = actorOf(owner, 'Olive');
  const people: [string, string, Parameters<typeof createMember>[1]][] = [
    ['Ada', 'ada.lovelace@list.test', { role: 'admin' }],
    ['Grace', 'grace.hopper@list.test', { role: 'user' }],
    ['Alan', 'alan.turing@list.test', { role: 'user', status: 'deactivated' }],
    ['Guy', 'guest.one@list.test', { role: 'guest', status: 'pending' }],
    ['Tempo', 'temp.worker@list.test', { role: 'user', accessExpiresAt: new Date(Date.now() + 86_400_000) }],
    ['Gone', 'gone.worker@list.test', { role: 'user', accessExpiresAt: new Date(Date.now() - 86_400_000) }],
    ['Percy', 'percent_100@list.test', { role: 'user' }],
  ];
  for (const [firstName, email, options] of people) await createMember(account.accountId, { ...options, firstName, email });
  const db = await getDb();
  await db.update(users).set({ phone: '+442071838750' }).where(eq(users.email, 'grace.hopper@list.test'));
  // Someone in another account never shows up.
  await createMember((await createAccount()).accountId, { firstName: 'Ada', email: 'ada.elsewhere@list.test' });
});

const emails = async (overrides: Parameters<typeof query>[0] = {}) => (await listMembers(actor, query(overrides))).rows.map((row) => row.email);

describe('the Users tab query', () => {
  it('lists the account’s members only, with the total', async () => {
    const page = await listMembers(actor, query());
    expect(page).toMatchObject({ total: 8, totalIsExact: true, offset: 0 });
    expect(page.rows.map((row) => row.email)).not.toContain('ada.elsewhere@list.test');
    expect(page.rows.find((row) => row.email === 'olive.owner@list.test')?.isSelf).toBe(true);
  });

  it('searches names, emails and phone numbers, case-insensitively', async () => {
    expect(await emails({ q: 'LOVELACE' })).toEqual(['ada.lovelace@list.test']);
    expect(await emails({ q: 'ada' })).toEqual(['ada.lovelace@list.test']);
    expect(await emails({ q: 'hopper' })).toEqual(['grace.hopper@list.test']);
    expect(await emails({ q: 'Grace Person' })).toEqual(['grace.hopper@list.test']);
    expect(await emails({ q: 'Person Grace' })).toEqual(['grace.hopper@list.test']);
    expect(await emails({ q: '2071 838' })).toEqual(['grace.hopper@list.test']);
    expect(await emails({ q: 'race' })).toEqual(['grace.hopper@list.test']);
  });

  it('searches one or two characters as the start of a first name, last name or email', async () => {
    expect(await emails({ q: 'Gr' })).toEqual(['grace.hopper@list.test']);
    expect(await emails({ q: 'o', sort: 'email' })).toEqual(['olive.owner@list.test']);
    expect(await emails({ q: 'pe' })).toHaveLength(8); // every last name is "Person"
    expect(await emails({ q: 'ra' })).toEqual([]); // inside "Grace", not at its start
    expect(await emails({ q: 'g ' })).toEqual(['gone.worker@list.test', 'grace.hopper@list.test', 'guest.one@list.test']);
  });

  it('takes LIKE wildcards in the search literally', async () => {
    expect(await emails({ q: 'percent_1' })).toEqual(['percent_100@list.test']);
    expect(await emails({ q: '%' })).toEqual([]);
    expect(await emails({ q: '_%' })).toEqual([]);
  });

  it('filters by status, including temporary and expired access', async () => {
    expect(await emails({ status: 'deactivated' })).toEqual(['alan.turing@list.test']);
    expect(await emails({ status: 'pending' })).toEqual(['guest.one@list.test']);
    expect(await emails({ status: 'temporary' })).toEqual(['temp.worker@list.test']);
    expect(await emails({ status: 'expired' })).toEqual(['gone.worker@list.test']);
    expect(await emails({ status: 'active' })).not.toContain('gone.worker@list.test');
  });

  it('filters by role and by login type', async () => {
    expect(await emails({ role: account.roleIds.admin })).toEqual(['ada.lovelace@list.test']);
    expect(await emails({ login: 'sso' })).toEqual([]);
    expect((await emails({ login: 'local' })).length).toBe(8);
  });

  it('sorts by any column, both ways, and pages', async () => {
    const byEmail = await emails({ sort: 'email' });
    expect(byEmail).toEqual([...byEmail].sort());
    expect(await emails({ sort: 'email', dir: 'desc' })).toEqual([...byEmail].reverse());
    const roleSorted = (await listMembers(actor, query({ sort: 'role' }))).rows.map((row) => row.roles[0]!.name);
    expect(roleSorted).toEqual([...roleSorted].sort());
    const firstPage = await listMembers(actor, query({ sort: 'email', size: 10 }));
    expect(firstPage.rows).toHaveLength(8);
    expect(firstPage.links).toEqual({ first: null, previous: null, next: null, last: null });
    const phoneFirst = await emails({ sort: 'phone' });
    expect(phoneFirst[0]).toBe('grace.hopper@list.test');
    expect((await emails({ sort: 'phone', dir: 'desc' }))[0]).toBe('grace.hopper@list.test'); // no phone: last both ways
  });

  it('falls back to the defaults on malformed URL parameters', () => {
    expect(
      parseMemberQuery({ sort: 'password', dir: 'sideways', page: '-3', size: '1000', role: 'not-a-uuid', status: ['pending', 'x'], cursor: 'garbage' }),
    ).toMatchObject({
      sort: 'name',
      dir: 'asc',
      size: 25,
      role: null,
      status: 'pending',
      cursor: null,
    });
    expect(parseMemberQuery({ q: `  ada\u0000\u0001lovelace ` }).q).toBe('ada  lovelace');
  });

  it('exports the same view in full, and refuses a member without users.manage', async () => {
    expect((await exportMembers(actor, query({ status: 'deactivated' }))).map((row) => row.email)).toEqual(['alan.turing@list.test']);
    expect((await exportMembers(actor, query({ sort: 'email', dir: 'desc' }))).map((row) => row.email)).toEqual(await emails({ sort: 'email', dir: 'desc' }));
    const plain = await createMember(account.accountId, { role: 'user' });
    const plainActor = actorOf(plain, 'Plain');
    await expect(listMembers(plainActor, query())).rejects.toThrow(DalError);
    await expect(exportMembers(plainActor, query())).rejects.toThrow(/users.manage/);
  });
});

describe('paging by keyset cursor', () => {
  let pageCo: Account;
  let pager: typeof actor;
  const lastNames = ['Abel', 'Baker', 'Cole', 'Dunn', 'Ellis', 'Ford', 'Gray', 'Hale', 'Irwin', 'Jones', 'Kerr', 'Lamb', 'Moss', 'Nash', 'Owen', 'Page', 'Quinn', 'Reid'];

  beforeAll(async () => {
    pageCo = await createAccount('Page Co');
    const owner = await createMember(pageCo.accountId, { role: 'owner', firstName: 'Pam', email: 'pam@page.test' });
    pager = actorOf(owner, 'Pam');
    const db = await getDb();
    // 18 distinct names and 9 namesakes (the id breaks their tie), phones, sign-ins (two in the same
    // millisecond), SSO logins, statuses and roles spread over them.
    for (let i = 0; i < 27; i += 1) {
      const namesake = i >= 18;
      const member = await createMember(pageCo.accountId, {
        email: `member${String(i).padStart(2, '0')}@page.test`,
        firstName: namesake ? 'Sam' : `First${String.fromCharCode(97 + i)}`,
        role: (['user', 'guest', 'admin'] as const)[i % 3],
        status: i % 7 === 3 ? 'deactivated' : i % 11 === 5 ? 'pending' : 'active',
      });
      await db
        .update(users)
        .set({ lastName: namesake ? 'Same' : lastNames[i]!, phone: i % 2 ? `+4420718${String(i).padStart(5, '0')}` : null })
        .where(eq(users.id, member.userId));
      await db.execute(sql`update memberships set
        login_type = ${i % 4 === 1 ? 'sso' : 'local'}::login_type,
        last_sign_in_at = ${i % 3 === 0 ? null : `2026-03-0${1 + (i % 5)}T10:00:00.123${String(i).padStart(3, '0')}Z`}::timestamptz
        where id = ${member.membershipId}`);
    }
  });

  const everyone = (overrides: Record<string, unknown>) => query({ ...overrides, size: 100 });

  /** Pages forward from the first page through `next`, then back from the last page through `previous`. */
  async function pageThrough(overrides: Record<string, unknown>, tuning: MemberQueryTuning = MEMBER_QUERY_TUNING) {
    const db = await getDb();
    const scope = { accountId: pager.accountId, selfMembershipId: pager.membershipId };
    const open = async (cursor: string | null) =>
      (await findMemberPage(db, scope, parseMemberQuery({ ...overrides, size: '10', ...(cursor ? { cursor } : {}) } as Record<string, string>), tuning)).page;
    const forward: MemberPage[] = [await open(null)];
    while (forward.at(-1)!.links.next) forward.push(await open(forward.at(-1)!.links.next!.cursor));
    const backward: MemberPage[] = [await open(forward[0]!.links.last?.cursor ?? null)];
    while (backward.at(-1)!.links.previous) backward.push(await open(backward.at(-1)!.links.previous!.cursor));
    return { forward, backward };
  }

  const ids = (pages: MemberPage[]) => pages.flatMap((page) => page.rows.map((row) => row.membershipId));

  it('next and previous pages neither overlap nor skip a row, in every sort and direction', async () => {
    for (const sort of MEMBER_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        const all = (await listMembers(pager, everyone({ sort, dir }))).rows.map((row) => row.membershipId);
        expect(all).toHaveLength(28);
        const { forward, backward } = await pageThrough({ sort, dir });
        expect(ids(forward), `${sort} ${dir} forward`).toEqual(all);
        expect(ids([...backward].reverse()), `${sort} ${dir} backward`).toEqual(all);
        expect(forward.map((page) => page.offset)).toEqual([0, 10, 20]);
        expect(backward.map((page) => page.offset)).toEqual([18, 8, 0]);
        expect(forward.every((page) => page.total === 28 && page.totalIsExact)).toBe(true);
      }
    }
  });

  it('orders by the column first, NULLs last both ways where the tab says so, then by name', async () => {
    const rows = async (sort: MemberQuery['sort'], dir: 'asc' | 'desc') => (await listMembers(pager, everyone({ sort, dir }))).rows;
    const byName = (await rows('name', 'asc')).map((row) => [row.lastName.toLowerCase(), row.firstName.toLowerCase()].join(' '));
    expect(byName).toEqual([...byName].sort());
    for (const dir of ['asc', 'desc'] as const) {
      const phones = (await rows('phone', dir)).map((row) => row.phone);
      expect(phones.slice(phones.indexOf(null)).every((phone) => phone === null)).toBe(true);
      const signIns = (await rows('lastSignIn', dir)).map((row) => row.lastSignInAt);
      expect(signIns.slice(signIns.indexOf(null)).every((at) => at === null)).toBe(true);
      const given = signIns.filter((at): at is string => at !== null);
      expect(given).toEqual([...given].sort((a, b) => (dir === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
    }
  });

  it('pages the same way through a search, a filter, the bitmap, a walk in stretches and a walk that gives up', async () => {
    const forced = (walkCost: number, walkMax: number, stretch: number): MemberQueryTuning => ({
      sample: 5,
      walkCost: { indexOnly: walkCost, table: walkCost },
      walkMin: 0,
      walkMax,
      stretch: { indexOnly: stretch, table: stretch },
      probe: { share: 0, rows: 0 },
    });
    const tunings: [MemberQueryTuning, string | null][] = [
      [MEMBER_QUERY_TUNING, null],
      [forced(1e9, 1_000, 1_000), 'bitmap'],
      [forced(0, 3, 3), 'walk+bitmap'],
      [forced(0, 1_000, 3), 'walk'], // in stretches of 3 rows
      [forced(0, 1_000, 1_000), 'walk'],
    ];
    const db = await getDb();
    const scope = { accountId: pager.accountId, selfMembershipId: pager.membershipId };
    for (const overrides of [{ q: 'page' }, { q: 'same', sort: 'lastSignIn', dir: 'desc' }, { status: 'active', sort: 'phone' }, { q: 'm', sort: 'role', dir: 'desc' }, { role: pageCo.roleIds.guest }]) {
      const all = (await listMembers(pager, everyone(overrides))).rows.map((row) => row.membershipId);
      expect(all.length).toBeGreaterThan(5);
      for (const [tuning, path] of tunings) {
        const label = `${JSON.stringify(overrides)} ${path}`;
        if (path) expect((await findMemberPage(db, scope, query({ ...overrides, size: 10 }), tuning)).plan.path, label).toBe(path);
        const { forward, backward } = await pageThrough(overrides, tuning);
        expect(ids(forward), label).toEqual(all);
        expect(ids([...backward].reverse()), label).toEqual(all);
      }
    }
  });

  it('estimates a large total from a sample, says so, and counts it once the pages reach the end', async () => {
    const db = await getDb();
    const scope = { accountId: pager.accountId, selfMembershipId: pager.membershipId };
    const estimating: MemberQueryTuning = { sample: 5, walkCost: { indexOnly: 0, table: 0 }, walkMin: 0, walkMax: 1_000, stretch: { indexOnly: 1_000, table: 1_000 }, probe: { share: 0, rows: 0 } };
    const { page, plan } = await findMemberPage(db, scope, query({ q: 'page', size: 10 }), estimating);
    expect(plan).toMatchObject({ path: 'walk', sample: { members: 28, sampled: 5 } });
    expect(page.totalIsExact).toBe(false);
    expect(page.total).toBeGreaterThanOrEqual(11);
    const last = (await findMemberPage(db, scope, parseMemberQuery({ q: 'page', size: '10', cursor: page.links.last!.cursor! }), estimating)).page;
    expect(last).toMatchObject({ offset: null, fromEnd: 10 });
    let end = page;
    while (end.links.next) end = (await findMemberPage(db, scope, parseMemberQuery({ q: 'page', size: '10', cursor: end.links.next.cursor! }), estimating)).page;
    expect(end).toMatchObject({ total: 28, totalIsExact: true, offset: 20 });
    // Unfiltered, the account's member count is exact at once.
    expect((await findMemberPage(db, scope, query({ size: 10 }), estimating)).page).toMatchObject({ total: 28, totalIsExact: true });
  });

  it('falls back to the first page on a tampered, foreign or stale cursor, never an error', async () => {
    const firstPage = await listMembers(pager, query({ size: 10 }));
    const second = firstPage.links.next!.cursor!;
    const context = { q: '', role: null, status: null, login: null, department: null, team: null, group: null, licence: null, sort: 'name', dir: 'asc' } as const;
    const payload = (body: object) => Buffer.from(JSON.stringify({ v: 2, s: 'name', d: 'asc', t: 'after', o: 10, e: null, ...body }), 'utf8').toString('base64url');
    const good = JSON.parse(Buffer.from(second, 'base64url').toString('utf8')) as { f: string; i: string };
    const gone = await createMember(pageCo.accountId, { email: 'gone@page.test', firstName: 'Gone' });
    await (await getDb()).delete(memberships).where(eq(memberships.id, gone.membershipId));
    const tampered = [
      'not a cursor',
      `${second.slice(0, -3)}!!!`,
      second.slice(0, 12),
      Buffer.from('{"v":2}').toString('base64url'),
      payload({ f: good.f, i: 'not-a-uuid' }),
      payload({ f: good.f, i: 7 }),
      payload({ f: good.f, i: null }),
      payload({ f: good.f, i: good.i, o: -5 }),
      payload({ f: good.f, v: 1, k: ['abel', 'firstb', good.i] }), // the former cursor, keys and all
      payload({ f: 'other', i: good.i }), // made for another search
      encodeMemberCursor({ to: 'after', id: '00000000-0000-4000-8000-000000000000', offset: 10, fromEnd: null }, context), // no such member
      encodeMemberCursor({ to: 'after', id: gone.membershipId, offset: 10, fromEnd: null }, context), // deleted since
      encodeMemberCursor({ to: 'before', id: actor.membershipId, offset: 0, fromEnd: null }, context), // another account's member
      encodeMemberCursor({ to: 'after', id: good.i, offset: 10, fromEnd: null }, { ...context, sort: 'email' }),
    ];
    for (const cursor of tampered) {
      for (const sort of ['name', 'lastSignIn'] as const) {
        const page = await listMembers(pager, parseMemberQuery({ size: '10', sort, cursor }));
        const expected = await listMembers(pager, query({ size: 10, sort }));
        expect(page.rows.map((row) => row.membershipId), cursor).toEqual(expected.rows.map((row) => row.membershipId));
        expect(page.offset).toBe(0);
      }
    }
    // The genuine cursor still opens the second page.
    expect((await listMembers(pager, parseMemberQuery({ size: '10', cursor: second }))).offset).toBe(10);
  });

  it('puts only the boundary row’s id in a cursor, never its name or email, and learns nothing from another account’s id', async () => {
    for (const sort of ['name', 'email', 'phone', 'lastSignIn'] as const) {
      const { forward, backward } = await pageThrough({ sort });
      for (const page of [...forward, ...backward]) {
        const boundaries = [
          [page.links.next, page.rows.at(-1)!],
          [page.links.previous, page.rows[0]!],
        ] as const;
        for (const [link, row] of boundaries) {
          if (!link?.cursor) continue;
          const text = Buffer.from(link.cursor, 'base64url').toString('utf8');
          const decoded = JSON.parse(text) as Record<string, unknown>;
          expect(Object.keys(decoded).sort()).toEqual(['d', 'e', 'f', 'i', 'o', 's', 't', 'v']);
          expect(decoded.i).toBe(row.membershipId);
          for (const shown of [row.firstName, row.lastName, row.email, row.email.split('@')[0]!]) expect(text.toLowerCase()).not.toContain(shown.toLowerCase());
        }
      }
    }
    // A foreign membership id opens exactly what a made-up id opens: the first page, nothing of the other account.
    const context = { q: '', role: null, status: null, login: null, department: null, team: null, group: null, licence: null, sort: 'name', dir: 'asc' } as const;
    const open = async (id: string, to: 'after' | 'before') =>
      listMembers(pager, parseMemberQuery({ size: '10', cursor: encodeMemberCursor({ to, id, offset: 10, fromEnd: null }, context) }));
    const first = await listMembers(pager, query({ size: 10 }));
    for (const to of ['after', 'before'] as const) {
      const foreign = await open(actor.membershipId, to);
      expect(foreign).toEqual(first);
      expect(foreign).toEqual(await open('00000000-0000-4000-8000-000000000000', to));
      expect(JSON.stringify(foreign)).not.toMatch(/list\.test|olive/i);
    }
  });

  it('keeps search and sort columns in step with names, phones, roles and memberships as they change', async () => {
    const db = await getDb();
    const member = await createMember(pageCo.accountId, { email: 'renamed@page.test', firstName: 'Before', role: 'user' });
    expect((await listMembers(pager, query())).total).toBe(29);
    await db.update(users).set({ firstName: 'Zelda', lastName: 'Aardvark', phone: '+15550001234' }).where(eq(users.id, member.userId));
    expect((await listMembers(pager, query({ q: 'aardv' }))).rows.map((row) => row.email)).toEqual(['renamed@page.test']);
    expect((await listMembers(pager, query({ q: '0001234' }))).rows.map((row) => row.email)).toEqual(['renamed@page.test']);
    expect((await listMembers(pager, query({ q: 'before' }))).rows).toEqual([]);
    expect((await listMembers(pager, query())).rows[0]!.email).toBe('renamed@page.test');
    // A second role named earlier in the alphabet moves the member in the role sort.
    await db.insert(membershipRoles).values({ membershipId: member.membershipId, roleId: pageCo.roleIds.admin });
    const byRole = (await listMembers(pager, everyone({ sort: 'role' }))).rows;
    expect(byRole.findIndex((row) => row.email === 'renamed@page.test')).toBeLessThan(byRole.findIndex((row) => row.roles[0]!.name !== 'Admin'));
    // Renaming a role re-sorts its holders.
    const roleKey = async () => {
      const result = (await db.execute(sql`select sort_role from memberships where id = ${member.membershipId}`)) as unknown as { sort_role: string }[] | { rows: { sort_role: string }[] };
      return (Array.isArray(result) ? result : result.rows)[0]!.sort_role;
    };
    expect(await roleKey()).toBe('Admin');
    await db.update(roles).set({ name: 'Zeta admins' }).where(eq(roles.id, pageCo.roleIds.admin));
    expect(await roleKey()).toBe('User');
    await db.update(roles).set({ name: 'Admin' }).where(eq(roles.id, pageCo.roleIds.admin));
    await db.delete(memberships).where(eq(memberships.id, member.membershipId));
    expect((await listMembers(pager, query())).total).toBe(28);
  });
});
