import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { LoginType, MembershipStatus } from '@/db/schema';
import type { MemberQuery, SortKey } from '@/lib/validation/members';
import type { MemberQueryTuning } from './plan-query';
import { filterSql, probesLinks, findSql, matchSql, termOf } from './match-terms';
import { afterSql, byKeys, byTypedKeys, keyColumns, keyOutput, typedKeys, type Order } from './sort-order';
import { spanSql } from './trigram-spans';
import { type MemberRow } from '@/lib/types/members';

// The statements that read the Users tab's rows: the walk along a sort index, the bitmap over the search
// and filter indexes, and the details of the rows they found (lib/dal/members/list-members.ts tells the whole story).

type Raw = Record<string, unknown>;

/** Rows of a raw statement on either engine (postgres-js answers an array, PGlite an object holding one). */
export async function select(db: Db, query: SQL): Promise<Raw[]> {
  const result = (await db.execute(query)) as unknown as Raw[] | { rows: Raw[] };
  return Array.isArray(result) ? result : result.rows;
}

export const limit = (n: number) => sql.raw(String(Math.max(0, Math.trunc(n))));

/**
 * The few rows a step found (`id` and typed keys t0…tn, in subquery `p`), with what the table shows of
 * them and their keys k0…kn as text (a walk resumes from its last row's): one statement, joined row by row
 * on primary keys.
 */
export function withDetails(order: Order, found: SQL, extra: SQL = sql``): SQL {
  return sql`select p.id::text as id, ${sql.join(order.kinds.map((kind, i) => sql`${keyOutput(`p.t${i}`, kind)} as ${sql.raw(`k${i}`)}`), sql`, `)}${extra},
      m.user_id::text as user_id, u.first_name, u.last_name, u.email, u.phone, u.avatar_key, m.login_type, m.status, m.access_expires_at, m.last_sign_in_at,
      (select coalesce(json_agg(json_build_object('id', r.id, 'name', r.name, 'builtinKey', r.builtin_key) order by r.name), '[]'::json)
        from membership_roles mr join roles r on r.id = mr.role_id where mr.membership_id = m.id) as roles,
      (select json_build_object('id', t.id, 'name', t.name) from teams t
        where t.id = (select tm.team_id from team_members tm where tm.membership_id = m.id and tm.is_primary)) as primary_team
    from (${found}) p join memberships m on m.id = p.id join users u on u.id = m.user_id
    order by ${byTypedKeys(order, 'p')}`;
}

export interface Found {
  row: Omit<MemberRow, 'isSelf'>;
}

const iso = (value: unknown) => (value == null ? null : (value instanceof Date ? value : new Date(String(value))).toISOString());

export function foundOf(raw: Raw): Found {
  const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
  const roles = json<MemberRow['roles']>(raw.roles);
  return {
    row: {
      membershipId: String(raw.id),
      userId: String(raw.user_id),
      firstName: String(raw.first_name),
      lastName: String(raw.last_name),
      email: String(raw.email),
      phone: raw.phone == null ? null : String(raw.phone),
      avatarKey: raw.avatar_key == null ? null : String(raw.avatar_key),
      roles,
      primaryTeam: raw.primary_team == null ? null : json<NonNullable<MemberRow['primaryTeam']>>(raw.primary_team),
      loginType: raw.login_type as LoginType,
      status: raw.status as MembershipStatus,
      accessExpiresAt: iso(raw.access_expires_at),
      lastSignInAt: iso(raw.last_sign_in_at),
    },
  };
}

/** The page's rows in reading order, and what the step learnt on the way. */
export interface Fetched {
  found: Found[];
  /** More matching rows lie beyond the page in the reading direction. */
  more: boolean;
  /** From the bitmap: every match, counted, and the matches before the page's first row. */
  counted?: { total: number; offset: number };
}

/**
 * The walk: read the sort index from the cursor (or, in the name order, from where the search's matches can
 * begin: lib/dal/members/search/trigram-spans.ts), testing each row, until a page is full or `budget` rows
 * are read (then null: the matches are too sparse here, and the bitmap takes over). One statement reads a
 * stretch at most; the row that ends a stretch is returned whatever it holds, to resume from.
 */
export async function walk(db: Db, accountId: string, query: MemberQuery, order: Order, cursor: SortKey[] | null, budget: number, tuning: MemberQueryTuning): Promise<Fetched | null> {
  const longest = query.sort === 'name' && !probesLinks(query) ? tuning.stretch.indexOnly : tuning.stretch.table;
  const stretches = Math.ceil(budget / longest);
  const rows = Math.ceil(budget / stretches);
  const hits: Raw[] = [];
  let from = cursor;
  for (let stretch = 0; stretch < stretches; stretch += 1) {
    const read = await select(
      db,
      withDetails(
        order,
        sql`select r.id, ${keyColumns(order, 'r')}, r.hit, r.rn from (
          select s.*, row_number() over (order by ${byTypedKeys(order, 's')}) as rn from (
            select m.id, ${typedKeys(order)}, (${matchSql(termOf(query.q))} and ${filterSql(query, 'row')}) as hit
            from memberships m
            where m.account_id = ${accountId} and ${spanSql(accountId, query, order)}${from ? sql` and ${afterSql(order, from)}` : sql``}
            order by ${byKeys(order)}
            limit ${limit(rows)}
          ) s
        ) r
        where r.hit or r.rn = ${limit(rows)}
        order by ${byTypedKeys(order, 'r')}
        limit ${limit(query.size + 2 - hits.length)}`,
        sql`, p.hit, p.rn`,
      ),
    );
    hits.push(...read.filter((row) => row.hit === true));
    const end = read.find((row) => Number(row.rn) === rows);
    if (hits.length > query.size || !end) return { found: hits.slice(0, query.size).map((row) => foundOf(row)), more: hits.length > query.size };
    from = order.keys.map((_, i) => end[`k${i}`] as SortKey);
  }
  return null;
}

/**
 * The bitmap: find every match through the account's trigram, prefix or filter index, count them, and sort
 * only those. Written against account_id::text, which no sort index serves, so it cannot become a walk.
 */
export async function bitmap(db: Db, accountId: string, query: MemberQuery, order: Order, cursor: SortKey[] | null, reversed: boolean): Promise<Fetched> {
  const size = query.size;
  // Reading forward, the rows before the page are those up to the cursor; reading back, those beyond it.
  const behind = !cursor ? sql`false` : reversed ? afterSql(order, cursor) : sql`not ${afterSql(order, cursor)}`;
  const rows = await select(
    db,
    withDetails(
      order,
      sql`select b.id, ${keyColumns(order, 'b')}, b.total, b.behind from (
        select m.id, ${typedKeys(order)}, ${cursor ? afterSql(order, cursor) : sql`true`} as beyond,
          count(*) over () as total, count(*) filter (where ${behind}) over () as behind
        from memberships m
        where m.account_id::text = ${accountId} and ${findSql(termOf(query.q))} and ${filterSql(query, 'set')}
      ) b
      where b.beyond
      order by ${byTypedKeys(order, 'b')}
      limit ${limit(size + 1)}`,
      sql`, p.total, p.behind`,
    ),
  );
  const found = rows.slice(0, size).map((row) => foundOf(row));
  const total = rows[0] ? Number(rows[0].total) : 0;
  const before = rows[0] ? Number(rows[0].behind) : 0;
  const offset = !cursor ? (reversed ? total - found.length : 0) : reversed ? before - found.length : before;
  return { found, more: rows.length > size, counted: { total, offset } };
}

/** The account's members, from the count its triggers keep. */
export async function memberCount(db: Db, accountId: string): Promise<number> {
  const [row] = await select(db, sql`select members from account_member_counts where account_id = ${accountId}`);
  return Number(row?.members ?? 0);
}
