import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { MemberQuery } from '@/lib/validation/members';
import { termOf } from './match-terms';
import type { Order } from './sort-order';

// Where a search's matches can start in the name order, from the spans migration 0014 keeps (lib/dal/members/list-members.ts
// tells the whole story).

/**
 * The latest first holder (reading forward; the earliest last holder reading back) of the pieces of `text`:
 * no member whose search_text holds `text` sorts before it. Null when a piece has no holder in the account:
 * then nobody holds `text`.
 */
function holdersFrom(accountId: string, text: string, descending: boolean): SQL {
  const pieces = sql`member_search_trigrams(${text})`;
  const bound = descending ? sql`min(s.last_last_name)` : sql`max(s.first_last_name)`;
  return sql`(select case when count(*) = cardinality(${pieces}) then ${bound} end
    from member_trigram_spans s where s.account_id = ${accountId} and s.trigram = any(${pieces}))`;
}

/**
 * A condition on memberships `m` that every match of the search meets, so a walk along the name index may
 * start where the matches can begin instead of at the account's first row: for a fragment whose holders
 * all sort late ("wes": Weston, Wesley…), the walk reads a page rather than the ~190,000 rows before them,
 * and the bitmap need not fetch and sort every match. `true` for a sort other than the name, or a prefix
 * term (a prefix is found through the btree ranges; its walk is short wherever it starts).
 */
export function spanSql(accountId: string, query: MemberQuery, order: Order): SQL {
  const term = termOf(query.q);
  if (query.sort !== 'name' || term.kind !== 'contains') return sql`true`;
  // The term anywhere, or (matchSql's other branch) its digits in the phone: a match holds one or the other.
  const starts = [holdersFrom(accountId, term.text, order.descending)];
  if (term.digits) starts.push(holdersFrom(accountId, term.digits, order.descending));
  // least/greatest skip a null (a branch nobody holds); both null: nothing matches, and nothing passes.
  const start = starts.length === 1 ? starts[0]! : order.descending ? sql`greatest(${sql.join(starts, sql`, `)})` : sql`least(${sql.join(starts, sql`, `)})`;
  return order.descending ? sql`m.sort_last_name <= ${start}` : sql`m.sort_last_name >= ${start}`;
}
