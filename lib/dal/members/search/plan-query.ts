import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { MemberQuery, SortKey } from '@/lib/validation/members';
import { limit, select } from './fetch-rows';
import { afterSql, byTypedKeys, keyColumns, typedKeys, type Order } from './sort-order';
import { filterSql, probesLinks, matchSql, structuresFiltered, structuresSql, termOf } from './match-terms';
import { spanSql } from './trigram-spans';

// Which way to a page is cheaper, predicted from a small random sample of the account (lib/dal/members/list-members.ts tells
// the whole story), and the measured costs the prediction weighs.


/**
 * How a page is found, with costs measured by bench/users.ts on 2 cores (PostgreSQL 15 at 200,000 members,
 * PGlite at 20,000), in units of one match the bitmap fetches from the table (~2 µs on PostgreSQL).
 */
export interface MemberQueryTuning {
  /** Members sampled, in random order, to estimate how many match and how far a walk must read to find them. */
  sample: number;
  /** What reading one row of a walk costs: through an index alone, or through the table too. */
  walkCost: { indexOnly: number; table: number };
  /** A walk reads at least this many rows, and at most that many, before it gives up. */
  walkMin: number;
  walkMax: number;
  /** Rows one statement of a walk reads at most (a LIMIT far below the account keeps the planner on the index). */
  stretch: { indexOnly: number; table: number };
  /**
   * When the bitmap is predicted cheaper, a walk may still try this share of its cost first, if that is at
   * least `rows` rows (see walkBudget).
   */
  probe: { share: number; rows: number };
}

export const MEMBER_QUERY_TUNING: MemberQueryTuning = {
  sample: 1_000,
  walkCost: { indexOnly: 0.1, table: 0.5 },
  walkMin: 2_000,
  walkMax: Number.MAX_SAFE_INTEGER,
  stretch: { indexOnly: 40_000, table: 8_000 },
  probe: { share: 0.5, rows: 10_000 },
};

export interface Sample {
  members: number;
  sampled: number;
  hits: number;
  /** Matches in the account, estimated (exact when the sample holds the whole account). */
  estimate: number;
  /**
   * Members the bitmap fetches from the table, estimated: those the search or the structure filters match,
   * whichever are fewer (each has its index); a status, role or login filter is tested on the fetched rows.
   */
  candidates: number;
  /** Rows a walk from the cursor reads to find a page, estimated. */
  reach: number;
  /** The same from where the search's matches can begin in the name order (lib/dal/members/search/trigram-spans.ts). */
  spanReach: number;
}

/**
 * The account's member count and a random sample of its members (the first `tuning.sample` by user id, a
 * random uuid): how many match, and where they lie in the reading order. Each sampled match stands for
 * members/sampled matches of the account, so a walk from the cursor has a page (twice over) by the time it
 * reaches the 2·(size+1)·sampled/members-th sampled match ahead of it (the first, in a large account);
 * the sampled rows up to that one, scaled, are the walk's predicted length (`reach`).
 */
export async function sampleMatches(db: Db, accountId: string, query: MemberQuery, order: Order, cursor: SortKey[] | null, tuning: MemberQueryTuning): Promise<Sample> {
  const keys = keyColumns(order, 's');
  const term = termOf(query.q);
  const upToTarget = sql`(not exists (select from target) or (${keys}) ${sql.raw(order.descending ? '>=' : '<=')} (select * from target))`;
  const [row] = await select(
    db,
    sql`with c as (
      select coalesce((select members from account_member_counts where account_id = ${accountId}), 0) as members
    ), s as materialized (
      select ${typedKeys(order)}, ${matchSql(term)} as found, ${structuresSql(query)} as placed,
        (${matchSql(term)} and ${filterSql(query, 'sample')}) as hit,
        ${cursor ? afterSql(order, cursor) : sql`true`} as ahead, coalesce(${spanSql(accountId, query, order)}, false) as spanned
      from (select * from memberships m where m.account_id = ${accountId} order by m.user_id limit ${limit(tuning.sample)}) m
    ), target as (
      select ${keys} from s where s.hit and s.ahead order by ${byTypedKeys(order, 's')}
      offset (select greatest(0, ceil(${2 * (query.size + 1)} * least(${tuning.sample}, members)::numeric / greatest(members, 1))::int - 1) from c)
      limit 1
    )
    select (select members from c) as members, count(*) as sampled, count(*) filter (where s.hit) as hits, count(*) filter (where s.found) as found,
      count(*) filter (where s.placed) as placed,
      count(*) filter (where s.ahead and ${upToTarget}) as reach, count(*) filter (where s.ahead and s.spanned and ${upToTarget}) as span_reach
    from s`,
  );
  const members = Number(row?.members ?? 0);
  const sampled = Number(row?.sampled ?? 0);
  const all = sampled >= members;
  const scale = (n: number) => (all ? n : Math.round((n / Math.max(sampled, 1)) * members));
  const hits = Number(row?.hits ?? 0);
  // The bitmap fetches what its most selective index finds: the search's matches, or the structures' members
  // (which the planner ANDs with the search's only sometimes: the smaller of the two, not their overlap);
  // with neither, the filters' rows through their own indexes, so its candidates are the matches.
  const indexed = [...(term.kind === 'none' ? [] : [Number(row?.found ?? 0)]), ...(structuresFiltered(query) ? [Number(row?.placed ?? 0)] : [])];
  const found = indexed.length ? Math.min(...indexed) : hits;
  return { members: Math.max(members, sampled), sampled, hits, estimate: scale(hits), candidates: scale(found), reach: scale(Number(row?.reach ?? 0)), spanReach: scale(Number(row?.span_reach ?? 0)) };
}

/**
 * How many rows a walk may read before the bitmap takes over (0: straight to the bitmap). The sample
 * predicts the walk's cost (the rows up to a page's worth of matches) and the bitmap's (every candidate it
 * fetches); the cheaper goes. A walk may read up to what the bitmap would cost, so a prediction that was off
 * (a few sampled matches say little about where the others lie) costs at most twice the bitmap.
 *
 * The bitmap counts every match (an exact total), so while it is cheap it is preferred to a walk that only
 * starts late thanks to the name spans. Once it is dear (thousands of candidates), the walk from where the
 * matches can begin is weighed instead; failing that, a short walk still goes first, for a share of the
 * bitmap's cost: a fragment most of whose holders sort late may have a few holders spread over the whole
 * order ("tal": ~5,900 Talbys, Taltons… near the end, and a Talyn here and there), too few for the sample to
 * see and yet enough for a page well before the dense ones.
 */
export function walkBudget(query: MemberQuery, sample: Sample, tuning: MemberQueryTuning): number {
  const rowCost = query.sort === 'name' && !probesLinks(query) ? tuning.walkCost.indexOnly : tuning.walkCost.table;
  const bitmapRows = rowCost > 0 ? sample.candidates / rowCost : Number.POSITIVE_INFINITY;
  const most = (rows: number) => Math.ceil(Math.min(tuning.walkMax, sample.members + 1, rows));
  if (sample.reach <= bitmapRows) return most(Math.max(tuning.walkMin, bitmapRows));
  const probe = bitmapRows * tuning.probe.share;
  if (!(probe >= Math.max(1, tuning.probe.rows))) return 0;
  return sample.spanReach <= bitmapRows ? most(Math.max(tuning.walkMin, bitmapRows)) : most(probe);
}
