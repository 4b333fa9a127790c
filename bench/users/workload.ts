import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { STRUCTURES } from './data';
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
  classes.push(...(await structureClasses(db, accountId, String(guest?.id))));
  return classes;
}

/**
 * The department, team and group filters (issue 16, item 7): each alone (large and small), two and three
 * together (including two large sets that barely meet: bench/users/data.ts), with the search, the other
 * filters and other sorts, and deep and last pages. Empty when the account has no structures (PGlite's
 * account has them too, at its scale).
 */
async function structureClasses(db: Db, accountId: string, guestRoleId: string): Promise<WorkloadClass[]> {
  const idOf = async (table: 'departments' | 'teams' | 'groups', name: string) => {
    const [row] = await rows(db, sql`select id::text as id from ${sql.raw(table)} where account_id = ${accountId} and name = ${name}`);
    if (!row) throw new Error(`bench data: no ${table} named ${name}`);
    return String(row.id);
  };
  const d = STRUCTURES.departments;
  const t = STRUCTURES.teams;
  const g = STRUCTURES.groups;
  const dep = { big: await idOf('departments', d.big), second: await idOf('departments', d.second), engineering: await idOf('departments', d.engineering), small: await idOf('departments', d.small) };
  const team = { big: await idOf('teams', t.big), sales: await idOf('teams', t.sales), tiny: await idOf('teams', t.tiny) };
  const group = { big: await idOf('groups', g.big), sales: await idOf('groups', g.sales), rare: await idOf('groups', g.rare) };
  const last = (params: Record<string, string>) => ({ ...params, cursor: encodeMemberCursor({ to: 'last', id: null, offset: null, fromEnd: null }, url(params)) });
  // The page after the filter's 10,000th member in the name order (what Next after 400 pages of 25 leads
  // to), or its middle one in a smaller account.
  const deep = async (params: Record<string, string>, link: SQL, most: number) => {
    const [counted] = await rows(db, sql`select count(*)::int as n from memberships m where m.account_id = ${accountId} and exists (${link})`);
    const offset = Math.max(1, Math.min(most, Math.floor(Number(counted!.n) / 2)));
    const [row] = await rows(
      db,
      sql`select m.id::text as id from memberships m where m.account_id = ${accountId} and exists (${link})
        order by m.sort_last_name, m.sort_first_name, m.id offset ${offset - 1} limit 1`,
    );
    return { ...params, cursor: encodeMemberCursor({ to: 'after', id: String(row!.id), offset, fromEnd: null }, url(params)) };
  };
  return [
    {
      name: 'structureOne',
      label: 'a department, team or group alone',
      required: true,
      queries: [
        entry(`department=${d.big} (40%)`, { department: dep.big }),
        entry(`department=${d.small} (0.5%)`, { department: dep.small }),
        entry(`team=${t.big} (24%)`, { team: team.big }),
        entry(`team=${t.tiny} (100)`, { team: team.tiny }),
        entry(`group=${g.big} (60%)`, { group: group.big }),
        entry(`group=${g.rare} (~50)`, { group: group.rare }),
      ],
    },
    {
      name: 'structureTwo',
      label: 'two of them together',
      required: true,
      queries: [
        entry(`department=${d.big} team=${t.big}`, { department: dep.big, team: team.big }),
        entry(`department=${d.big} group=${g.big}`, { department: dep.big, group: group.big }),
        entry(`team=${t.sales} group=${g.sales}`, { team: team.sales, group: group.sales }),
        entry(`department=${d.small} group=${g.big}`, { department: dep.small, group: group.big }),
        entry(`department=${d.big} group=${g.rare}`, { department: dep.big, group: group.rare }),
        // Two large sets that barely meet: the worst case of a walk.
        entry(`department=${d.second} team=${t.big} (none)`, { department: dep.second, team: team.big }),
        entry(`department=${d.engineering} group=${g.sales} (none)`, { department: dep.engineering, group: group.sales }),
      ],
    },
    {
      name: 'structureThree',
      label: 'department, team and group together',
      required: true,
      queries: [
        entry(`department=${d.big} team=${t.big} group=${g.big}`, { department: dep.big, team: team.big, group: group.big }),
        entry(`department=${d.second} team=${t.sales} group=${g.sales}`, { department: dep.second, team: team.sales, group: group.sales }),
        entry(`department=${d.small} team=${t.tiny} group=${g.big}`, { department: dep.small, team: team.tiny, group: group.big }),
        entry(`department=${d.engineering} team=${t.big} group=${g.rare} (none)`, { department: dep.engineering, team: team.big, group: group.rare }),
      ],
    },
    {
      name: 'structureMixed',
      label: 'with the search, the other filters and other sorts',
      required: true,
      queries: [
        entry(`department=${d.big} q=son`, { department: dep.big, q: 'son' }),
        entry(`group=${g.big} q=smith`, { group: group.big, q: 'smith' }),
        entry(`team=${t.big} q=ma`, { team: team.big, q: 'ma' }),
        entry(`group=${g.rare} q=son`, { group: group.rare, q: 'son' }),
        entry(`department=${d.second} q=you`, { department: dep.second, q: 'you' }),
        entry(`department=${d.big} status=deactivated`, { department: dep.big, status: 'deactivated' }),
        entry(`group=${g.big} status=pending`, { group: group.big, status: 'pending' }),
        entry(`team=${t.big} role=Guest`, { team: team.big, role: guestRoleId }),
        entry(`department=${d.engineering} login=sso`, { department: dep.engineering, login: 'sso' }),
        entry(`group=${g.sales} team=${t.sales} role=Guest q=son`, { group: group.sales, team: team.sales, role: guestRoleId, q: 'son' }),
        entry(`department=${d.big} sort=email`, { department: dep.big, sort: 'email' }),
        entry(`group=${g.big} sort=lastSignIn desc`, { group: group.big, sort: 'lastSignIn', dir: 'desc' }),
        entry(`team=${t.sales} sort=status desc`, { team: team.sales, sort: 'status', dir: 'desc' }),
      ],
    },
    {
      name: 'structureDeep',
      label: 'deep and last pages of a structure',
      required: true,
      queries: [
        entry(`department=${d.big}, cursor deep in it (row 10,000)`, await deep({ department: dep.big }, sql`select 1 from department_members x where x.department_id = ${dep.big} and x.membership_id = m.id`, 10_000)),
        entry(`group=${g.big}, cursor deep in it (row 10,000)`, await deep({ group: group.big }, sql`select 1 from group_members x where x.group_id = ${group.big} and x.membership_id = m.id`, 10_000)),
        entry(`department=${d.big}, cursor: last`, last({ department: dep.big })),
        entry(`team=${t.big} group=${g.big}, cursor: last`, last({ team: team.big, group: group.big })),
        entry(`department=${d.second} q=son, cursor: last`, last({ department: dep.second, q: 'son' })),
      ],
    },
  ];
}
