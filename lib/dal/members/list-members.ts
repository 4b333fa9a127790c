import 'server-only';
import { getDb } from '@/db/client';
import { requirePermission, type Actor } from '@/lib/access/checks';
import type { MemberQuery } from '@/lib/validation/members';
import { findAllMembers } from '@/lib/dal/members/search/find-all';
import { findMemberPage } from '@/lib/dal/members/search/find-page';
import { type MemberPage, type MemberRow } from '@/lib/types/members';

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

/** Every member matching the query (the CSV export) in the tab's order, up to `max`. Needs users.manage. */
export async function exportMembers(actor: Actor, query: MemberQuery, max = 50_000): Promise<MemberRow[]> {
  await requirePermission(actor, 'users.manage');
  return findAllMembers(await getDb(), { accountId: actor.accountId, selfMembershipId: actor.membershipId }, query, max);
}
