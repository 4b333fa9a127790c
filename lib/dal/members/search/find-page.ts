import 'server-only';
import type { Db } from '@/db/client';
import { encodeMemberCursor, type MemberCursor, type MemberQuery } from '@/lib/validation/members';
import { boundaryKeys } from './cursor';
import { bitmap, memberCount, walk, type Fetched } from './fetch-rows';
import { orderOf } from './sort-order';
import { MEMBER_QUERY_TUNING, sampleMatches, walkBudget, type MemberQueryTuning, type Sample } from './plan-query';
import { isFiltered, termOf } from './match-terms';
import { type PageLink, type MemberPage } from '@/lib/types/members';

// One page of the Users tab: the way to it chosen, its place and total, and the cursors of its neighbours
// (lib/dal/members/list-members.ts tells the whole story).

/** How one page was found (the benchmark and the tests look). */
export interface MemberPagePlan {
  path: 'walk' | 'bitmap' | 'walk+bitmap' | 'none';
  sample: Sample | null;
}

/**
 * The "of N" of an unfiltered tab (the account's member count, exact) or of a search or filter (estimated
 * from the sample, exact when the sample held the whole account). Checks nothing: findMemberPage's part.
 */
export async function estimateMemberTotal(
  db: Db,
  accountId: string,
  query: MemberQuery,
  tuning: MemberQueryTuning = MEMBER_QUERY_TUNING,
): Promise<{ total: number; exact: boolean; sample: Sample | null }> {
  if (termOf(query.q).kind === 'nothing') return { total: 0, exact: true, sample: null };
  if (!isFiltered(query)) return { total: await memberCount(db, accountId), exact: true, sample: null };
  const sample = await sampleMatches(db, accountId, query, orderOf(query, false), null, tuning);
  return { total: sample.estimate, exact: sample.sampled >= sample.members, sample };
}

/**
 * One page of the account's members for a query, and how it was found. The seam under listMembers: it
 * checks nothing, so only listMembers and the benchmark call it.
 */
export async function findMemberPage(
  db: Db,
  scope: { accountId: string; selfMembershipId: string | null },
  query: MemberQuery,
  tuning: MemberQueryTuning = MEMBER_QUERY_TUNING,
): Promise<{ page: MemberPage; plan: MemberPagePlan }> {
  const { accountId } = scope;
  const size = query.size;
  const cursor = query.cursor;
  const reversed = cursor?.to === 'before' || cursor?.to === 'last';
  const order = orderOf(query, reversed);
  const from = cursor?.id ? await boundaryKeys(db, accountId, order, cursor.id) : null;
  // The cursor's row is gone or belongs to another account: the first page.
  if (cursor?.id && !from) return findMemberPage(db, scope, { ...query, cursor: null }, tuning);

  let fetched: Fetched | null = null;
  let path: MemberPagePlan['path'] = 'walk';
  let sample: Sample | null = null;
  let estimate = { total: 0, exact: true };
  if (termOf(query.q).kind === 'nothing') {
    fetched = { found: [], more: false, counted: { total: 0, offset: 0 } };
    path = 'none';
  } else if (!isFiltered(query)) {
    // Every row matches: the walk never reads more than a page.
    const [members, walked] = await Promise.all([memberCount(db, accountId), walk(db, accountId, query, order, from, size + 1, tuning)]);
    estimate = { total: members, exact: true };
    fetched = walked;
  } else {
    sample = await sampleMatches(db, accountId, query, order, from, tuning);
    estimate = { total: sample.estimate, exact: sample.sampled >= sample.members };
    const budget = walkBudget(query, sample, tuning);
    if (budget > 0) fetched = await walk(db, accountId, query, order, from, budget, tuning);
    else path = 'bitmap';
  }
  if (!fetched) {
    fetched = await bitmap(db, accountId, query, order, from, reversed);
    path = path === 'walk' ? 'walk+bitmap' : 'bitmap';
  }
  // A cursor with nothing on its side (its rows removed since): the first page. (A previous page
  // that is not full is the start, shown as it is: topping it up would repeat rows the next page shows.)
  if (cursor && fetched.found.length === 0) return findMemberPage(db, scope, { ...query, cursor: null }, tuning);
  return { page: assemblePage(scope, query, fetched, estimate, reversed), plan: { path, sample } };
}

/** The page's rows in display order, its place, its total and the cursors of its neighbours. */
function assemblePage(
  scope: { selfMembershipId: string | null },
  query: MemberQuery,
  fetched: Fetched,
  estimate: { total: number; exact: boolean },
  reversed: boolean,
): MemberPage {
  const { cursor, size } = query;
  const found = reversed ? [...fetched.found].reverse() : fetched.found;
  const hasNext = reversed ? cursor?.to === 'before' : fetched.more;
  const hasPrevious = reversed ? fetched.more : cursor !== null;
  let { total, exact } = estimate;
  let offset: number | null;
  let fromEnd: number | null = null;
  if (fetched.counted) {
    ({ total, offset } = fetched.counted);
    exact = true;
  } else {
    offset = hasPrevious ? (cursor?.offset ?? null) : 0;
    fromEnd = cursor?.to === 'last' ? found.length : (cursor?.fromEnd ?? null);
    // Reading to the end proves the total; an exact total places a page counted from the end.
    if (!hasNext && offset !== null) [total, exact] = [offset + found.length, true];
    if (offset === null && exact && fromEnd !== null) offset = Math.max(0, total - fromEnd);
    if (offset !== null) fromEnd = null;
    if (!exact && offset !== null) total = Math.max(total, offset + found.length + (hasNext ? 1 : 0));
  }
  const link = (next: MemberCursor): PageLink => ({ cursor: encodeMemberCursor(next, query) });
  const [first, last] = [found[0], found.at(-1)];
  return {
    rows: found.map(({ row }) => ({ ...row, isSelf: row.membershipId === scope.selfMembershipId })),
    total,
    totalIsExact: exact,
    pageSize: size,
    offset,
    fromEnd,
    links: {
      first: hasPrevious ? { cursor: null } : null,
      previous:
        hasPrevious && first
          ? link({ to: 'before', id: first.row.membershipId, offset: offset === null ? null : Math.max(0, offset - size), fromEnd: fromEnd === null ? null : fromEnd + size })
          : null,
      next:
        hasNext && last
          ? link({ to: 'after', id: last.row.membershipId, offset: offset === null ? null : offset + found.length, fromEnd: fromEnd === null ? null : fromEnd - found.length })
          : null,
      last: hasNext ? link({ to: 'last', id: null, offset: null, fromEnd: null }) : null,
    },
  };
}
