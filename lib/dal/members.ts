import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import type { LoginType, MembershipStatus } from '@/db/schema';
import { now } from '@/lib/clock';
import { encodeMemberCursor, SORT_KEY_KINDS, type MemberCursor, type MemberQuery, type SortKey, type SortKeyKind } from '@/lib/validation/members';
import { requirePermission, type Actor } from './access';

// The Users tab at 200,000 members (bench/users.ts measures it). Every page is read from memberships
// alone: db/migrations/0006 gives each membership trigger-kept copies of what the tab sorts and searches
// by, one index per sort, and the indexes that find a sparse match set. A page is then found one of two
// ways, whichever a small random sample of the account predicts is cheaper:
// - the walk reads a sort index from the cursor and tests each row until the page is full: cheap when the
//   matches are dense where the page starts (index-only for the default order);
// - the bitmap collects every match through the trigram, prefix or filter indexes and sorts only those:
//   cheap when the matches are few, wherever they sort.
// Pages follow keyset cursors (no OFFSET), the total is the account's kept member count or, for a search
// or filter, the bitmap's count or the sample's estimate (shown as "about N"). This file runs past the
// usual ~300 lines: the strategies share their SQL building blocks, which would otherwise be exported.

export interface MemberRow {
  membershipId: string;
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  /** The picture's key in avatar storage; null: initials. */
  avatarKey: string | null;
  roles: { id: string; name: string; builtinKey: string | null }[];
  loginType: LoginType;
  status: MembershipStatus;
  accessExpiresAt: string | null;
  lastSignInAt: string | null;
  isSelf: boolean;
}

/** Where a pagination button leads: the `cursor` URL parameter to set (null: none, the first page). */
export type PageLink = { cursor: string | null } | null;

export interface MemberPage {
  rows: MemberRow[];
  /** Every member matching the query: counted, or estimated from a sample when `totalIsExact` is false. */
  total: number;
  totalIsExact: boolean;
  pageSize: number;
  /** The first row's place from the start (0-based); null when only its place from the end is known. */
  offset: number | null;
  /** Rows from the first row to the end (1 on the last row), when the offset is not known. */
  fromEnd: number | null;
  /** The neighbouring pages: null where there is none. */
  links: { first: PageLink; previous: PageLink; next: PageLink; last: PageLink };
}

/** How one page was found (the benchmark and the tests look). */
export interface MemberPagePlan {
  path: 'walk' | 'bitmap' | 'walk+bitmap' | 'none';
  sample: Sample | null;
}

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
}

export const MEMBER_QUERY_TUNING: MemberQueryTuning = {
  sample: 1_000,
  walkCost: { indexOnly: 0.1, table: 0.5 },
  walkMin: 2_000,
  walkMax: Number.MAX_SAFE_INTEGER,
  stretch: { indexOnly: 40_000, table: 8_000 },
};

// ─── The search term ─────────────────────────────────────────────────────────────────────────────────────

type Term =
  | { kind: 'none' }
  | { kind: 'nothing' }
  | { kind: 'contains'; like: string; phoneLike: string | null }
  | { kind: 'prefix'; text: string; head: string };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * What the search box asks for. A term with three letters or digits in a row (a trigram) is searched
 * anywhere in the name, email or phone through the trigram index; a shorter one is the start of the first
 * name, last name ("first last", "last first") or email, found through btree ranges, because a pattern
 * without a trigram would make the trigram index read every row. A term with no letter or digit matches
 * nobody.
 */
function termOf(q: string): Term {
  const term = q.toLowerCase();
  if (!term) return { kind: 'none' };
  if (!/[\p{L}\p{N}]/u.test(term)) return { kind: 'nothing' };
  if (/[a-z0-9]{3}/.test(term)) {
    const digits = term.replace(/[^0-9]/g, '');
    return { kind: 'contains', like: `%${escapeLike(term)}%`, phoneLike: digits.length >= 3 ? `%\u0002%${digits}%` : null };
  }
  return { kind: 'prefix', text: term, head: term.split(' ')[0]! };
}

/**
 * The search as a condition on memberships `m`, reading only search_text (which the name index carries).
 * A prefix is tested with starts_with and strpos, which no index serves: the trigram index must never be
 * planned for a term without a trigram (it would recheck every row holding a word that starts that way).
 */
function matchSql(term: Term): SQL {
  switch (term.kind) {
    case 'none':
      return sql`true`;
    case 'nothing':
      return sql`false`;
    case 'contains':
      return term.phoneLike ? sql`(m.search_text like ${term.like} or m.search_text like ${term.phoneLike})` : sql`m.search_text like ${term.like}`;
    case 'prefix':
      // ' first last' ^A ' last first' ^A ' email' ^B phone: each field starts after a space that opens the text or follows ^A.
      return sql`(starts_with(m.search_text, ${` ${term.text}`}) or strpos(m.search_text, ${`\u0001 ${term.text}`}) > 0)`;
  }
}

/**
 * The search as the bitmap finds it: through the trigram index, or for a prefix through the btree prefix
 * indexes (ranges rather than LIKE, so a generic plan of the prepared statement uses them too: the first or
 * last name starts with the term's first word, or the email with the term), then tested exactly.
 */
function findSql(term: Term): SQL {
  if (term.kind !== 'prefix') return matchSql(term);
  const range = (column: string, start: string) => sql`(${sql.raw(column)} ~>=~ ${start} and ${sql.raw(column)} ~<~ ${`${start}\u{10FFFF}`})`;
  const email = term.text.includes(' ') ? sql`` : sql` or ${range('m.sort_email', term.text)}`;
  return sql`(${range('m.sort_first_name', term.head)} or ${range('m.sort_last_name', term.head)}${email}) and ${matchSql(term)}`;
}

/**
 * The role, status and login filters on memberships `m` (status, login and expiry are in the name index
 * too). `row`: tested row by row as a walk reads (the role as a probe of its index: PostgreSQL would
 * otherwise hash every holder of the role first); `set`: a condition the planner may join on.
 */
function filterSql(query: MemberQuery, use: 'row' | 'set'): SQL {
  const at = now().toISOString();
  const parts: SQL[] = [];
  if (query.role) {
    const holds = sql`select 1 from membership_roles mr where mr.membership_id = m.id and mr.role_id = ${query.role}`;
    parts.push(use === 'set' ? sql`exists (${holds})` : sql`(${holds} limit 1) is not null`);
  }
  if (query.login) parts.push(sql`m.login_type = ${query.login}`);
  switch (query.status) {
    case 'active':
      parts.push(sql`m.status = 'active' and (m.access_expires_at is null or m.access_expires_at > ${at})`);
      break;
    case 'temporary':
      parts.push(sql`m.status = 'active' and m.access_expires_at > ${at}`);
      break;
    case 'expired':
      parts.push(sql`m.status = 'active' and m.access_expires_at <= ${at}`);
      break;
    case 'deactivated':
    case 'pending':
      parts.push(sql`m.status = ${query.status}`);
      break;
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

const isFiltered = (query: MemberQuery) => Boolean(query.q || query.role || query.status || query.login);

// ─── The order ───────────────────────────────────────────────────────────────────────────────────────────

const EPOCH = sql.raw(`'1970-01-01 00:00:00+00'::timestamptz`);
const NAME = [sql`m.sort_last_name`, sql`m.sort_first_name`, sql`m.id`];

/**
 * Each sort's keys on memberships `m`, exactly as its index in db/migrations/0006 lists them, so one index
 * walk (forward, or backward for the other direction) yields the order. Where NULLs stay last both ways, the
 * descending order starts with `is not null` and has an index of its own.
 */
function sortKeys(sort: MemberQuery['sort'], dir: MemberQuery['dir']): SQL[] {
  const nullsLast = (column: string) => sql.raw(dir === 'asc' ? `(m.${column} is null)` : `(m.${column} is not null)`);
  switch (sort) {
    case 'name':
      return NAME;
    case 'email':
      return [sql`m.sort_email`, sql`m.id`];
    case 'phone':
      return [nullsLast('sort_phone'), sql`coalesce(m.sort_phone, '')`, ...NAME];
    case 'role':
      return [sql`(m.sort_role is null)`, sql`coalesce(m.sort_role, '')`, ...NAME];
    case 'login':
      return [sql`m.login_type`, ...NAME];
    case 'status':
      return [sql`m.status`, sql`(m.access_expires_at is null)`, sql`coalesce(m.access_expires_at, ${EPOCH})`, ...NAME];
    case 'lastSignIn':
      return [nullsLast('last_sign_in_at'), sql`coalesce(m.last_sign_in_at, ${EPOCH})`, ...NAME];
  }
}

interface Order {
  keys: SQL[];
  kinds: readonly SortKeyKind[];
  /** The direction the rows are read in: the sort's own, or its reverse for previous and last pages. */
  descending: boolean;
}

function orderOf(query: MemberQuery, reversed: boolean): Order {
  return { keys: sortKeys(query.sort, query.dir), kinds: SORT_KEY_KINDS[query.sort], descending: (query.dir === 'desc') !== reversed };
}

const direction = (order: Order) => sql.raw(order.descending ? 'desc' : 'asc');
const byKeys = (order: Order) => sql.join(order.keys.map((key) => sql`${key} ${direction(order)}`), sql`, `);
/** The keys as typed columns t0…tn: later steps order by these, so the index's order carries through. */
const typedKeys = (order: Order) => sql.join(order.keys.map((key, i) => sql`${key} as ${sql.raw(`t${i}`)}`), sql`, `);
const keyColumns = (order: Order, from: string) => sql.join(order.keys.map((_, i) => sql.raw(`${from}.t${i}`)), sql`, `);
const byTypedKeys = (order: Order, from: string) => sql.join(order.keys.map((_, i) => sql`${sql.raw(`${from}.t${i}`)} ${direction(order)}`), sql`, `);

/** A key as it leaves PostgreSQL for a cursor: text that casts back exactly (timestamps with microseconds). */
function keyOutput(column: string, kind: SortKeyKind): SQL {
  const key = sql.raw(column);
  return kind === 'time' ? sql`to_char(${key} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : kind === 'uuid' ? sql`${key}::text` : key;
}

const CASTS: Record<SortKeyKind, string> = { uuid: 'uuid', time: 'timestamptz', login: 'login_type', status: 'membership_status', bool: 'boolean', text: 'text' };

/** "Comes after `keys` in the reading order", as a row comparison the sort index can start from. */
function afterSql(order: Order, keys: SortKey[]): SQL {
  const right = sql.join(keys.map((value, i) => sql`${value}::${sql.raw(CASTS[order.kinds[i]!])}`), sql`, `);
  return sql`(${sql.join(order.keys, sql`, `)}) ${sql.raw(order.descending ? '<' : '>')} (${right})`;
}

// ─── Running the statements ──────────────────────────────────────────────────────────────────────────────

type Raw = Record<string, unknown>;

/** Rows of a raw statement on either engine (postgres-js answers an array, PGlite an object holding one). */
async function select(db: Db, query: SQL): Promise<Raw[]> {
  const result = (await db.execute(query)) as unknown as Raw[] | { rows: Raw[] };
  return Array.isArray(result) ? result : result.rows;
}

const limit = (n: number) => sql.raw(String(Math.max(0, Math.trunc(n))));

/**
 * The few rows a step found (`id` and typed keys t0…tn, in subquery `p`), with what the table shows of
 * them and the keys a cursor carries: one statement, joined row by row on primary keys.
 */
function withDetails(order: Order, found: SQL, extra: SQL = sql``): SQL {
  return sql`select p.id::text as id, ${sql.join(order.kinds.map((kind, i) => sql`${keyOutput(`p.t${i}`, kind)} as ${sql.raw(`k${i}`)}`), sql`, `)}${extra},
      m.user_id::text as user_id, u.first_name, u.last_name, u.email, u.phone, u.avatar_key, m.login_type, m.status, m.access_expires_at, m.last_sign_in_at,
      (select coalesce(json_agg(json_build_object('id', r.id, 'name', r.name, 'builtinKey', r.builtin_key) order by r.name), '[]'::json)
        from membership_roles mr join roles r on r.id = mr.role_id where mr.membership_id = m.id) as roles
    from (${found}) p join memberships m on m.id = p.id join users u on u.id = m.user_id
    order by ${byTypedKeys(order, 'p')}`;
}

interface Found {
  keys: SortKey[];
  row: Omit<MemberRow, 'isSelf'>;
}

const iso = (value: unknown) => (value == null ? null : (value instanceof Date ? value : new Date(String(value))).toISOString());

function foundOf(raw: Raw, order: Order): Found {
  const roles = typeof raw.roles === 'string' ? (JSON.parse(raw.roles) as MemberRow['roles']) : (raw.roles as MemberRow['roles']);
  return {
    keys: order.keys.map((_, i) => raw[`k${i}`] as SortKey),
    row: {
      membershipId: String(raw.id),
      userId: String(raw.user_id),
      firstName: String(raw.first_name),
      lastName: String(raw.last_name),
      email: String(raw.email),
      phone: raw.phone == null ? null : String(raw.phone),
      avatarKey: raw.avatar_key == null ? null : String(raw.avatar_key),
      roles,
      loginType: raw.login_type as LoginType,
      status: raw.status as MembershipStatus,
      accessExpiresAt: iso(raw.access_expires_at),
      lastSignInAt: iso(raw.last_sign_in_at),
    },
  };
}

// ─── The two ways to a page, and the sample that chooses ─────────────────────────────────────────────────

/** The page's rows in reading order, and what the step learnt on the way. */
interface Fetched {
  found: Found[];
  /** More matching rows lie beyond the page in the reading direction. */
  more: boolean;
  /** From the bitmap: every match, counted, and the matches before the page's first row. */
  counted?: { total: number; offset: number };
}

/**
 * The walk: read the sort index from the cursor, testing each row, until a page is full or `budget` rows
 * are read (then null: the matches are too sparse here, and the bitmap takes over). One statement reads a
 * stretch at most; the row that ends a stretch is returned whatever it holds, to resume from.
 */
async function walk(db: Db, accountId: string, query: MemberQuery, order: Order, cursor: SortKey[] | null, budget: number, tuning: MemberQueryTuning): Promise<Fetched | null> {
  const longest = query.sort === 'name' && !query.role ? tuning.stretch.indexOnly : tuning.stretch.table;
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
            where m.account_id = ${accountId}${from ? sql` and ${afterSql(order, from)}` : sql``}
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
    if (hits.length > query.size || !end) return { found: hits.slice(0, query.size).map((row) => foundOf(row, order)), more: hits.length > query.size };
    from = order.keys.map((_, i) => end[`k${i}`] as SortKey);
  }
  return null;
}

/**
 * The bitmap: find every match through the account's trigram, prefix or filter index, count them, and sort
 * only those. Written against account_id::text, which no sort index serves, so it cannot become a walk.
 */
async function bitmap(db: Db, accountId: string, query: MemberQuery, order: Order, cursor: SortKey[] | null, reversed: boolean): Promise<Fetched> {
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
  const found = rows.slice(0, size).map((row) => foundOf(row, order));
  const total = rows[0] ? Number(rows[0].total) : 0;
  const before = rows[0] ? Number(rows[0].behind) : 0;
  const offset = !cursor ? (reversed ? total - found.length : 0) : reversed ? before - found.length : before;
  return { found, more: rows.length > size, counted: { total, offset } };
}

export interface Sample {
  members: number;
  sampled: number;
  hits: number;
  /** Matches in the account, estimated (exact when the sample holds the whole account). */
  estimate: number;
  /** Rows a walk from the cursor reads to find a page, estimated. */
  reach: number;
}

/**
 * The account's member count and a random sample of its members (the first `tuning.sample` by user id, a
 * random uuid): how many match, and where they lie in the reading order. Each sampled match stands for
 * members/sampled matches of the account, so a walk from the cursor has a page (twice over) by the time it
 * reaches the 2·(size+1)·sampled/members-th sampled match ahead of it (the first, in a large account);
 * the sampled rows up to that one, scaled, are the walk's predicted length (`reach`).
 */
async function sampleMatches(db: Db, accountId: string, query: MemberQuery, order: Order, cursor: SortKey[] | null, tuning: MemberQueryTuning): Promise<Sample> {
  const keys = keyColumns(order, 's');
  const [row] = await select(
    db,
    sql`with c as (
      select coalesce((select members from account_member_counts where account_id = ${accountId}), 0) as members
    ), s as materialized (
      select ${typedKeys(order)}, (${matchSql(termOf(query.q))} and ${filterSql(query, 'row')}) as hit, ${cursor ? afterSql(order, cursor) : sql`true`} as ahead
      from (select * from memberships m where m.account_id = ${accountId} order by m.user_id limit ${limit(tuning.sample)}) m
    ), target as (
      select ${keys} from s where s.hit and s.ahead order by ${byTypedKeys(order, 's')}
      offset (select greatest(0, ceil(${2 * (query.size + 1)} * least(${tuning.sample}, members)::numeric / greatest(members, 1))::int - 1) from c)
      limit 1
    )
    select (select members from c) as members, count(*) as sampled, count(*) filter (where s.hit) as hits,
      count(*) filter (where s.ahead and (not exists (select from target) or (${keys}) ${sql.raw(order.descending ? '>=' : '<=')} (select * from target))) as reach
    from s`,
  );
  const members = Number(row?.members ?? 0);
  const sampled = Number(row?.sampled ?? 0);
  const all = sampled >= members;
  const scale = (n: number) => (all ? n : Math.round((n / Math.max(sampled, 1)) * members));
  return { members: Math.max(members, sampled), sampled, hits: Number(row?.hits ?? 0), estimate: scale(Number(row?.hits ?? 0)), reach: scale(Number(row?.reach ?? 0)) };
}

/**
 * How many rows a walk may read before the bitmap takes over (0: straight to the bitmap). The sample
 * predicts the walk's cost (the rows up to a page's worth of matches) and the bitmap's (every match); the
 * cheaper goes. A walk may read up to what the bitmap would cost, so a prediction that was off (a few
 * sampled matches say little about where the others lie) costs at most twice the bitmap.
 */
function walkBudget(query: MemberQuery, sample: Sample, tuning: MemberQueryTuning): number {
  const rowCost = query.sort === 'name' && !query.role ? tuning.walkCost.indexOnly : tuning.walkCost.table;
  const bitmapRows = rowCost > 0 ? sample.estimate / rowCost : Number.POSITIVE_INFINITY;
  if (!(sample.reach <= bitmapRows)) return 0;
  return Math.ceil(Math.min(tuning.walkMax, sample.members + 1, Math.max(tuning.walkMin, bitmapRows)));
}

/** The account's members, from the count its triggers keep. */
async function memberCount(db: Db, accountId: string): Promise<number> {
  const [row] = await select(db, sql`select members from account_member_counts where account_id = ${accountId}`);
  return Number(row?.members ?? 0);
}

// ─── A page ──────────────────────────────────────────────────────────────────────────────────────────────

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
  const from = cursor && cursor.to !== 'last' ? cursor.keys : null;

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
  // A cursor with nothing on its side (its rows removed, or keys made up): the first page. (A previous page
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
          ? link({ to: 'before', keys: first.keys, offset: offset === null ? null : Math.max(0, offset - size), fromEnd: fromEnd === null ? null : fromEnd + size })
          : null,
      next:
        hasNext && last
          ? link({ to: 'after', keys: last.keys, offset: offset === null ? null : offset + found.length, fromEnd: fromEnd === null ? null : fromEnd - found.length })
          : null,
      last: hasNext ? link({ to: 'last', keys: [], offset: null, fromEnd: null }) : null,
    },
  };
}

// ─── The data layer's entry points ───────────────────────────────────────────────────────────────────────

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
  return rows.map((raw) => ({ ...foundOf(raw, order).row, isSelf: raw.id === actor.membershipId }));
}
