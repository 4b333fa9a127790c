import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { MemberRow } from '@/lib/types/members';
import type { MemberQuery } from '@/lib/validation/members';
import { foundOf, limit, select, withDetails } from './fetch-rows';
import { estimateMemberTotal } from './find-page';
import { filterSql, findSql, isFiltered, matchSql, termOf } from './match-terms';
import { byKeys, orderOf, typedKeys } from './sort-order';

// Every member a query matches, for the CSV exports (the Users tab's and a department's, team's or group's
// members), in one statement (lib/dal/members/list-members.ts tells the whole story).

/** Beyond this many estimated matches, the export reads along the sort index instead. */
const EXPORT_BITMAP_MAX = 20_000;

/**
 * Every member matching the query in its order, up to `max`: through the bitmap when the matches are
 * few, else along the sort index. Checks nothing: exportMembers and exportStructureMembers check first.
 */
export async function findAllMembers(db: Db, scope: { accountId: string; selfMembershipId: string | null }, query: MemberQuery, max: number): Promise<MemberRow[]> {
  const { accountId } = scope;
  const term = termOf(query.q);
  if (term.kind === 'nothing') return [];
  const order = orderOf(query, false);
  const { total } = await estimateMemberTotal(db, accountId, query);
  const where = isFiltered(query) && total <= EXPORT_BITMAP_MAX ? sql`m.account_id::text = ${accountId} and ${findSql(term)}` : sql`m.account_id = ${accountId} and ${matchSql(term)}`;
  const rows = await select(
    db,
    withDetails(order, sql`select m.id, ${typedKeys(order)} from memberships m where ${where} and ${filterSql(query, 'set')} order by ${byKeys(order)} limit ${limit(max)}`),
  );
  return rows.map((raw) => ({ ...foundOf(raw).row, isSelf: raw.id === scope.selfMembershipId }));
}
