import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { memberships, users } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { listMembers } from '@/lib/dal/members/list-members';
import { findMemberPage } from '@/lib/dal/members/search/find-page';
import { select } from '@/lib/dal/members/search/fetch-rows';
import { MEMBER_QUERY_TUNING } from '@/lib/dal/members/search/plan-query';
import { provisionMember } from '@/lib/dal/setup/provision-account';
import { parseMemberQuery } from '@/lib/validation/members';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Account } from '../support/factories';
import { bitmapOnly, pageThrough, walkOnly } from '../support/member-pages';
import { withTestDatabase } from '../support/test-db';

// Migration 0014's name spans: where each piece of the search text begins and ends in an account's name
// order, so the Users tab's walk starts where a search's matches can begin. They must stay a true bound
// through every write, or a page would silently miss members.

withTestDatabase();

let serial = 0;

/** A member with the given names, added as the app adds one (the insert path of the spans). */
async function addPerson(accountId: string, firstName: string, lastName: string, phone: string | null = null) {
  const db = await getDb();
  serial += 1;
  const email = `${firstName}.${lastName}.${serial}@spans.test`.toLowerCase();
  const member = await db.transaction((tx) => provisionMember(tx, { accountId, email, passwordHash: null, firstName, lastName, role: 'user' }));
  if (phone) await db.update(users).set({ phone }).where(eq(users.id, member.userId));
  return { ...member, accountId, email };
}

async function rows(query: ReturnType<typeof sql>) {
  return select(await getDb(), query);
}

/** Pieces of members' search text that lie outside their span (must be none), counted the slow way. */
async function outsideSpans(): Promise<number> {
  const [row] = await rows(sql`select count(*)::int as n from memberships m
    cross join lateral unnest(member_search_trigrams(m.search_text)) g(trigram)
    where not exists (select from member_trigram_spans s where s.account_id = m.account_id and s.trigram = g.trigram
      and s.first_last_name <= m.sort_last_name and s.last_last_name >= m.sort_last_name)`);
  return Number(row!.n);
}

/** Spans that differ from the tightest ones the members allow, per account (none after inserts alone). */
async function looseSpans(accountId: string): Promise<number> {
  const [row] = await rows(sql`select count(*)::int as n from (
      select m.account_id, g.trigram, min(m.sort_last_name) as first_last_name, max(m.sort_last_name) as last_last_name
      from memberships m cross join lateral unnest(member_search_trigrams(m.search_text)) g(trigram)
      where m.account_id = ${accountId} group by 1, 2) t
    full join (select * from member_trigram_spans where account_id = ${accountId}) s using (account_id, trigram)
    where t.first_last_name is distinct from s.first_last_name or t.last_last_name is distinct from s.last_last_name`);
  return Number(row!.n);
}


describe('the name spans of the search text (migration 0014)', () => {
  let account: Account;
  let actor: Actor;
  let other: Account;

  beforeAll(async () => {
    account = await createAccount('Spans Co');
    const owner = await createMember(account.accountId, { role: 'owner', firstName: 'Olga', email: 'olga.owner@spans.test' });
    actor = actorOf(owner, 'Olga');
    // 40 members who sort early and hold no "wes", then 24 Wes… surnames: a dense fragment late in the order.
    for (let i = 0; i < 40; i += 1) await addPerson(account.accountId, `Anna${String.fromCharCode(97 + (i % 26))}`, `Abbot${String.fromCharCode(97 + Math.floor(i / 2))}`, i % 5 === 0 ? `+1555010${String(i).padStart(4, '0')}` : null);
    for (let i = 0; i < 24; i += 1) await addPerson(account.accountId, `Mia${String.fromCharCode(97 + i)}`, ['Wesby', 'Weston', 'Wesley'][i % 3]!, null);
    // Another account whose Wes… holders sort first: they must neither show up nor move this account's start.
    other = await createAccount('Elsewhere Co');
    await addPerson(other.accountId, 'Awes', 'Aardwes');
  });

  it('are exactly the tightest spans after members are added', async () => {
    expect(await looseSpans(account.accountId)).toBe(0);
    expect(await looseSpans(other.accountId)).toBe(0);
    expect(await outsideSpans()).toBe(0);
    const [wes] = await rows(sql`select first_last_name, last_last_name from member_trigram_spans where account_id = ${account.accountId} and trigram = 'wes'`);
    expect(wes).toEqual({ first_last_name: 'wesby', last_last_name: 'weston' });
  });

  it('let the walk start where a dense late fragment begins, with the rows, order and totals of the bitmap', async () => {
    const db = await getDb();
    const scope = { accountId: actor.accountId, selfMembershipId: actor.membershipId };
    // A walk allowed 30 rows reaches no "wes" from the account's first row (40 Abbots first); from the span it finds them.
    const walked = await findMemberPage(db, scope, parseMemberQuery({ q: 'wes', size: '10' }), walkOnly(30));
    expect(walked.plan.path).toBe('walk');
    expect(walked.page.rows.map((row) => row.lastName)).toEqual(['Wesby', 'Wesby', 'Wesby', 'Wesby', 'Wesby', 'Wesby', 'Wesby', 'Wesby', 'Wesley', 'Wesley']);
    for (const params of [
      { q: 'wes' },
      { q: 'wes', dir: 'desc' },
      { q: 'abbot' },
      { q: 'ann' },
      { q: 'mia' },
      { q: 'spans.test' },
      { q: '5550100' }, // phone digits
      { q: '555 010' }, // the phone branch alone
      { q: 'qzx' }, // no holder of the piece at all
      { q: 'wesq' }, // every piece held, never together
      { q: 'wes', status: 'active' },
      { q: 'ston', sort: 'email' }, // another sort: no span, same answer
    ] as Record<string, string>[]) {
      const expected = await pageThrough(actor, params, bitmapOnly);
      for (const tuning of [MEMBER_QUERY_TUNING, walkOnly(1_000), walkOnly(30)]) {
        const got = await pageThrough(actor, params, tuning);
        const label = `${JSON.stringify(params)} ${JSON.stringify(tuning.walkCost)} ${tuning.walkMax}`;
        expect(got.forward, label).toEqual(expected.forward);
        expect(got.backward, label).toEqual(expected.forward);
        expect(got.first.total, label).toBe(expected.first.total);
        expect(got.first.totalIsExact, label).toBe(true); // the sample holds the whole account
      }
    }
    expect((await listMembers(actor, parseMemberQuery({ q: 'wes', size: '100' }))).rows).toHaveLength(24);
    expect((await listMembers(actor, parseMemberQuery({ q: 'aardwes' }))).rows).toEqual([]);
  });

  it('widen as members are renamed, so an early new holder is found first', async () => {
    const db = await getDb();
    const renamed = await addPerson(account.accountId, 'Zoe', 'Zimmer');
    await db.update(users).set({ firstName: 'Wesna', lastName: 'Aaronson' }).where(eq(users.id, renamed.userId));
    const [wes] = await rows(sql`select first_last_name from member_trigram_spans where account_id = ${account.accountId} and trigram = 'wes'`);
    expect(wes!.first_last_name).toBe('aaronson');
    const page = await listMembers(actor, parseMemberQuery({ q: 'wes', size: '5' }));
    expect(page.rows[0]!.email).toBe(renamed.email);
    const db2 = await getDb();
    const walked = await findMemberPage(db2, { accountId: actor.accountId, selfMembershipId: null }, parseMemberQuery({ q: 'wes', size: '5' }), walkOnly(30));
    expect(walked.page.rows[0]!.membershipId).toBe(renamed.membershipId);
    // A phone added later is found by its digits.
    await db.update(users).set({ phone: '+14155550199' }).where(eq(users.id, renamed.userId));
    expect((await listMembers(actor, parseMemberQuery({ q: '4155550199' }))).rows.map((row) => row.email)).toEqual([renamed.email]);
    expect(await outsideSpans()).toBe(0);
  });

  it('stay a true bound after members are removed, and follow a membership moved to another person or account', async () => {
    const db = await getDb();
    const gone = await addPerson(account.accountId, 'Bowes', 'Abelard');
    await db.delete(memberships).where(eq(memberships.id, gone.membershipId));
    // The span still starts at the removed member (wider than needed, never narrower): the search is still right.
    expect((await listMembers(actor, parseMemberQuery({ q: 'bowes' }))).rows).toEqual([]);
    const expected = await pageThrough(actor, { q: 'wes' }, bitmapOnly);
    expect((await pageThrough(actor, { q: 'wes' }, walkOnly(30))).forward).toEqual(expected.forward);

    // A membership handed to another person takes that person's names (memberships_copy_user), and the span follows.
    const holder = await addPerson(account.accountId, 'Plain', 'Young');
    const [stranger] = await db.insert(users).values({ email: 'aaawesome@spans.test', firstName: 'Aa', lastName: 'Aaawesome' }).returning({ id: users.id });
    await db.update(memberships).set({ userId: stranger!.id }).where(eq(memberships.id, holder.membershipId));
    expect((await listMembers(actor, parseMemberQuery({ q: 'wes', size: '3' }))).rows[0]!.email).toBe('aaawesome@spans.test');

    // A membership moved to another account widens that account's spans.
    const mover = await addPerson(other.accountId, 'Moves', 'Aaamover');
    await db.update(memberships).set({ accountId: account.accountId }).where(eq(memberships.id, mover.membershipId));
    expect((await listMembers(actor, parseMemberQuery({ q: 'ves', size: '3' }))).rows[0]!.email).toBe(mover.email);
    expect(await outsideSpans()).toBe(0);
  });

  it('stay consistent when members are added at once, in one statement or in two transactions', async () => {
    const db = await getDb();
    // Two new holders of "wes" who sort first, each widening the same span in a transaction of its own.
    const [first, second] = await Promise.all([addPerson(account.accountId, 'Wesla', 'Aa'), addPerson(account.accountId, 'Kowes', 'Aa')]);
    const top = (await listMembers(actor, parseMemberQuery({ q: 'wes', size: '3' }))).rows.map((row) => row.email);
    expect(top.slice(0, 2)).toEqual([second.email, first.email]);

    // Several memberships in one INSERT (the statement trigger's transition table holds them all).
    const team = await createAccount('Team Co');
    const people = await db
      .insert(users)
      .values(['Cwes Zed', 'Bwes Yan', 'Awes Xu', 'Dee Walt'].map((name, i) => ({ email: `bulk${i}@spans.test`, firstName: name.split(' ')[0]!, lastName: name.split(' ')[1]! })))
      .returning({ id: users.id });
    await db.insert(memberships).values(people.map((person) => ({ accountId: team.accountId, userId: person.id })));
    expect(await looseSpans(team.accountId)).toBe(0);
    const [wes] = await rows(sql`select first_last_name, last_last_name from member_trigram_spans where account_id = ${team.accountId} and trigram = 'wes'`);
    expect(wes).toEqual({ first_last_name: 'xu', last_last_name: 'zed' });
    expect(await outsideSpans()).toBe(0);
  });

  it('never show another account’s members, whatever that account’s spans say', async () => {
    const otherOwner = await createMember(other.accountId, { role: 'owner', email: 'owner@elsewhere.test' });
    const otherActor = actorOf(otherOwner, 'Other');
    const mine = (await listMembers(actor, parseMemberQuery({ q: 'wes', size: '100' }))).rows.map((row) => row.email);
    expect(mine.some((email) => email.includes('aardwes'))).toBe(false);
    const theirs = (await listMembers(otherActor, parseMemberQuery({ q: 'wes', size: '100' }))).rows.map((row) => row.email);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatch(/^awes\.aardwes\./);
    // Writes in one account leave another's spans as they were.
    const spansOf = async (accountId: string) => rows(sql`select trigram, first_last_name, last_last_name from member_trigram_spans where account_id = ${accountId} order by trigram`);
    const before = await spansOf(account.accountId);
    await addPerson(other.accountId, 'Wesa', 'Aaaaa');
    expect(await spansOf(account.accountId)).toEqual(before);
    expect((await listMembers(actor, parseMemberQuery({ q: 'wes', size: '100' }))).rows.map((row) => row.email)).toEqual(mine);
  });
});
