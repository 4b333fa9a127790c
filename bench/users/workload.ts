import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { encodeMemberCursor, parseMemberQuery, type MemberQuery } from '@/lib/validation/members';

/** One measured situation of the Users tab: URL queries it cycles through. */
export interface WorkloadClass {
  name: string;
  label: string;
  /** Counted against the targets (every class is, since issue 15 item 2). */
  required: boolean;
  queries: { describe: string; query: MemberQuery; params: Record<string, string> }[];
}

type Raw = Record<string, unknown>;
async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Raw[]> {
  const result = (await db.execute(query)) as unknown as Raw[] | { rows: Raw[] };
  return Array.isArray(result) ? result : result.rows;
}

const url = (params: Record<string, string>) => parseMemberQuery(params);
const entry = (describe: string, params: Record<string, string>) => ({ describe, query: url(params), params });
const terms = (list: string[], extra: Record<string, string> = {}) => list.map((q) => entry(q ? `q=${q}` : '(empty)', { ...(q ? { q } : {}), ...extra }));

/** The URL of the page starting right after row `offset - 1` of the query's order (what "Next" leads to). */
async function pageAt(db: Db, accountId: string, offset: number, params: Record<string, string> = {}) {
  const [row] = await rows(
    db,
    sql`select sort_last_name, sort_first_name, id::text as id from memberships where account_id = ${accountId}
      order by sort_last_name, sort_first_name, id offset ${offset - 1} limit 1`,
  );
  if (!row) return null;
  const cursor = encodeMemberCursor({ to: 'after', id: String(row.id), offset, fromEnd: null }, url(params));
  return { ...params, cursor };
}

/**
 * The classes, with terms taken from the data where they must exist (rare e-mail fragments), and
 * the deep pages as the cursors the tab's Next and Last buttons carry.
 */
export async function workload(db: Db, accountId: string, members: number): Promise<WorkloadClass[]> {
  // Rare e-mail fragments: "<surname><row number>" of a few members spread over the account.
  const rare = await rows(
    db,
    sql`select split_part(split_part(sort_email, '@', 1), '.', 2) as fragment from memberships
      where account_id = ${accountId} and sort_email like '%.%@%' order by id limit 5`,
  );
  const classes: WorkloadClass[] = [
    { name: 'empty', label: 'empty search (the tab just opened)', required: true, queries: terms(['']) },
    { name: 'short1', label: '1 character', required: true, queries: terms(['a', 'm', 'j', 'q', 'z', 'x']) },
    { name: 'short2', label: '2 characters', required: true, queries: terms(['jo', 'ma', 'wr', 'yo', 'zq', 'qu']) },
    { name: 'common3', label: 'common 3-letter fragments', required: true, queries: terms(['son', 'ton', 'ley', 'ann', 'mar', 'ber', 'ill', 'ert']) },
    { name: 'late3', label: 'fragments whose matches sort late', required: true, queries: terms(['you', 'wri', 'wood', 'yus', 'wat']) },
    { name: 'lastName', label: 'full last names', required: true, queries: terms(['smith', 'johnson', 'garcia', 'nguyen', 'young', 'patel', 'carson']) },
    { name: 'rareEmail', label: 'rare e-mail fragments', required: true, queries: terms(rare.map((row) => String(row.fragment))) },
    { name: 'noMatch', label: 'terms with no match', required: true, queries: terms(['qzx', 'xyzzy', 'zzzq', 'kwvj', 'jjj']) },
  ];
  for (const offset of [1_000, 10_000, 100_000]) {
    const params = offset < members ? await pageAt(db, accountId, offset) : null;
    if (params) classes.push({ name: `offset${offset / 1000}k`, label: `deep page at offset ${offset.toLocaleString('en')}`, required: true, queries: [entry(`cursor after row ${offset}`, params)] });
  }
  const last = encodeMemberCursor({ to: 'last', id: null, offset: null, fromEnd: null }, url({}));
  classes.push({ name: 'last', label: 'the last page', required: true, queries: [entry('cursor: last', { cursor: last })] });

  // Dense fragments that all sort late, other sorts, filters, the last page of a search (graded since issue 15, item 2).
  classes.push({ name: 'denseLate', label: 'dense fragments within one late letter', required: true, queries: terms(['wes', 'ros', 'val', 'tal']) });
  classes.push({
    name: 'otherSorts',
    label: 'other sorts, first page',
    required: true,
    queries: [
      entry('sort=email', { sort: 'email' }),
      entry('sort=phone desc', { sort: 'phone', dir: 'desc' }),
      entry('sort=role', { sort: 'role' }),
      entry('sort=status desc', { sort: 'status', dir: 'desc' }),
      entry('sort=lastSignIn desc', { sort: 'lastSignIn', dir: 'desc' }),
      entry('q=son sort=email', { q: 'son', sort: 'email' }),
      entry('q=you sort=lastSignIn', { q: 'you', sort: 'lastSignIn' }),
    ],
  });
  const [guest] = await rows(db, sql`select id::text as id from roles where account_id = ${accountId} and builtin_key = 'guest'`);
  classes.push({
    name: 'filters',
    label: 'status, role and login filters',
    required: true,
    queries: [
      entry('status=pending', { status: 'pending' }),
      entry('status=expired', { status: 'expired' }),
      entry('login=sso', { login: 'sso' }),
      entry('role=Guest', { role: String(guest?.id) }),
      entry('status=deactivated q=son', { status: 'deactivated', q: 'son' }),
    ],
  });
  const lastOfSon = encodeMemberCursor({ to: 'last', id: null, offset: null, fromEnd: null }, url({ q: 'son' }));
  classes.push({ name: 'searchLast', label: 'last page of a common fragment', required: true, queries: [entry('q=son, cursor: last', { q: 'son', cursor: lastOfSon })] });
  return classes;
}
