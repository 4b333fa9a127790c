import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { requirePermission, type Actor } from '@/lib/access/checks';
import type { MemberQuery } from '@/lib/validation/members';
import { foundOf, limit, select, withDetails } from '@/lib/dal/members/search/fetch-rows';
import { type MemberRow } from '@/lib/types/members';
import { byKeys, orderOf, typedKeys } from '@/lib/dal/members/search/sort-order';
import { estimateMemberTotal, findMemberPage } from '@/lib/dal/members/search/find-page';
import { type MemberPage } from '@/lib/types/members';
import { filterSql, findSql, isFiltered, matchSql, termOf } from '@/lib/dal/members/search/match-terms';

// The Users tab at 200,000 members (bench/users.ts measures it). Every page is read from memberships
// alone: db/migrations/0006 gives each membership trigger-kept copies of what the tab sorts and searches
// by, one index per sort, and the indexes that find a sparse match set. A page is then found one of two
// ways, whichever a small random sample of the account predicts is cheaper:
// - the walk reads a sort index from the cursor and tests each row until the page is full: cheap when the
//   matches are dense where the page starts (index-only for the default order);
// - the bitmap collects every match through the trigram, prefix or filter indexes and sorts only those:
//   cheap when the matches are few, wherever they sort.
// Pages follow keyset cursors (no OFFSET), the total is the account's kept member count or, for a search
// or filter, the bitmap's count or the sample's estimate (shown as "about N").
//
// The parts, each on its own: lib/dal/members/search/match-terms.ts (the search and filters as SQL), lib/dal/members/search/sort-order.ts (the sort
// keys and the keyset comparison), lib/dal/members/search/cursor.ts (a cursor's boundary row, named by id, to its keys),
// lib/dal/members/search/fetch-rows.ts (the walk and the bitmap), lib/dal/members/search/plan-query.ts (the sample that chooses between them),
// lib/dal/members/search/find-page.ts (a page, its total and its cursors). This file holds the entry points that check access.


/**
 * One page of the account's members for the Users tab: search over name, email and phone; filters for
 * role, status and login type; any column sorted, both ways, paged by keyset cursor; and the total
 * (estimated, and said so, when large). Needs users.manage.
 */
export async function listMembers(actor: Actor, query: MemberQuery): Promise<MemberPage> {
  await requirePermission(actor, 'users.manage');
  const { page } = await findMemberPage(await getDb(), { accountId: actor.accountId, selfMembershipId: actor.membershipId }, query);
  return page;
}

/** Beyond this many estimated matches, the export reads along the sort index instead. */
const EXPORT_BITMAP_MAX = 20_000;

/** Every member matching the query (the CSV export) in the tab's order, up to `max`. Needs users.manage. */
export async function exportMembers(actor: Actor, query: MemberQuery, max = 50_000): Promise<MemberRow[]> {
  await requirePermission(actor, 'users.manage');
  const db = await getDb();
  const term = termOf(query.q);
  if (term.kind === 'nothing') return [];
  const order = orderOf(query, false);
  const { total } = await estimateMemberTotal(db, actor.accountId, query);
  const where =
    isFiltered(query) && total <= EXPORT_BITMAP_MAX ? sql`m.account_id::text = ${actor.accountId} and ${findSql(term)}` : sql`m.account_id = ${actor.accountId} and ${matchSql(term)}`;
  const rows = await select(
    db,
    withDetails(order, sql`select m.id, ${typedKeys(order)} from memberships m where ${where} and ${filterSql(query, 'set')} order by ${byKeys(order)} limit ${limit(max)}`),
  );
  return rows.map((raw) => ({ ...foundOf(raw).row, isSelf: raw.id === actor.membershipId }));
}
