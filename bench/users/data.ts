/**
 * The benchmark's accounts: one large account among 99 smaller ones, their rows interleaved on disk the
 * way a table filled over time holds them, filled in bulk by SQL (generate_series) inside the database.
 */

/**
 * The 100 commonest US surnames and ~120 given names with roughly their frequency (census 2010, SSA).
 * They cover 17% of people's surnames and about 60% of given names; the rest is a long tail, made here of
 * syllables (600 surnames, 180 given names, each rare), so no surname holds more than ~0.8% of an account.
 */
const SURNAMES =
  'smith 828,johnson 655,williams 550,brown 488,jones 478,garcia 407,miller 399,davis 398,rodriguez 383,martinez 372,' +
  'hernandez 365,lopez 294,gonzalez 279,wilson 270,anderson 262,thomas 257,taylor 251,moore 242,jackson 241,martin 239,' +
  'lee 234,perez 216,thompson 214,white 213,harris 206,sanchez 204,clark 196,ramirez 190,lewis 187,robinson 185,walker 183,' +
  'young 176,allen 176,king 174,wright 171,scott 164,torres 163,nguyen 161,hill 161,flores 160,green 158,adams 157,nelson 155,' +
  'baker 152,hall 150,rivera 145,campbell 141,mitchell 140,carter 136,roberts 134,gomez 134,phillips 131,evans 131,turner 129,' +
  'diaz 128,parker 127,cruz 126,edwards 124,collins 124,reyes 124,stewart 122,morris 121,morales 120,murphy 119,cook 118,' +
  'rogers 116,gutierrez 115,ortiz 114,morgan 113,cooper 111,peterson 110,bailey 109,reed 108,kelly 106,howard 104,ramos 104,' +
  'kim 103,cox 102,ward 102,richardson 101,watson 99,brooks 98,chavez 97,wood 96,james 95,bennett 94,gray 94,mendoza 93,' +
  'ruiz 93,hughes 92,price 92,alvarez 91,castillo 91,sanders 90,patel 90,myers 90,long 89,ross 88,foster 88,jimenez 88';
const GIVEN_NAMES =
  'james 320,mary 300,robert 300,john 290,michael 280,patricia 220,jennifer 200,linda 190,david 260,william 250,elizabeth 160,' +
  'richard 180,barbara 150,joseph 170,susan 140,thomas 160,jessica 130,charles 150,sarah 130,christopher 140,karen 120,' +
  'daniel 140,nancy 110,matthew 120,lisa 110,anthony 110,betty 90,mark 110,margaret 90,donald 100,sandra 90,steven 100,' +
  'ashley 90,paul 90,kimberly 80,andrew 90,emily 80,joshua 90,donna 70,kenneth 80,michelle 70,kevin 80,carol 70,brian 80,' +
  'amanda 70,george 70,dorothy 60,timothy 70,melissa 60,ronald 70,deborah 60,edward 60,stephanie 60,jason 60,rebecca 60,' +
  'jeffrey 60,sharon 50,ryan 60,laura 50,jacob 50,cynthia 50,gary 50,kathleen 50,nicholas 50,amy 50,eric 50,angela 50,' +
  'jonathan 50,shirley 40,stephen 50,anna 40,larry 40,brenda 40,justin 40,pamela 40,scott 40,emma 40,brandon 40,nicole 40,' +
  'benjamin 40,helen 40,samuel 40,samantha 40,gregory 40,katherine 40,alexander 40,christine 30,frank 40,debra 30,patrick 40,' +
  'rachel 30,raymond 30,carolyn 30,jack 30,janet 30,dennis 30,catherine 30,jerry 30,maria 30,tyler 30,heather 30,aaron 30,' +
  'diane 30,jose 30,ruth 30,adam 30,julie 30,olivia 20,walter 20,victor 15,oscar 15,wendy 10,irene 10,zoe 8,xavier 5,quinn 5,yusuf 5,ulysses 2';

function weighted(list: string) {
  const entries = list.split(',').map((entry) => entry.split(' ') as [string, string]);
  const total = entries.reduce((sum, [, weight]) => sum + Number(weight), 0);
  let running = 0;
  const names = entries.map(([name]) => `'${name[0]!.toUpperCase()}${name.slice(1)}'`);
  // width_bucket's thresholds: the cumulative share of every name but the last.
  const thresholds = entries.slice(0, -1).map(([, weight]) => ((running += Number(weight)) / total).toFixed(6));
  return { names: `array[${names.join(',')}]`, thresholds: `array[${thresholds.join(',')}]::float8[]` };
}

const SURNAME_SHARE = 0.17;
const GIVEN_NAME_SHARE = 0.6;
const SURNAME_TAIL = {
  starts: 'al bel car dal el fen gar hal is jar kel lan mar nor or pen ros sal tal val wes bran dun har kin lo mor ash ber cor',
  ends: 'ton son ley man den ford wick by field stone well worth er sen dale ner rick ham land holt',
};
const GIVEN_TAIL = { starts: 'ar bri ca da el fa gi ha ja ka le mi na ro sa ta vi ze', ends: 'na ra lyn en ie o an ia er el' };

/** A SQL array of every start+end pair, capitalised. */
const tail = ({ starts, ends }: { starts: string; ends: string }) =>
  `array(select initcap(a || b) from unnest(string_to_array('${starts}', ' ')) a cross join unnest(string_to_array('${ends}', ' ')) b)`;

export interface Scale {
  /** Members of the measured account. */
  large: number;
  /** Other accounts, and members of each (on average). */
  others: number;
  perOther: number;
}

export const POSTGRES_SCALE: Scale = { large: 200_000, others: 99, perOther: 8_000 };
export const PGLITE_SCALE: Scale = { large: 20_000, others: 99, perOther: 800 };

export const OWNER_EMAIL = 'owner@bench.test';
export const LARGE_ACCOUNT = 'Bench 000';

/**
 * The fill, as SQL statements for one session. The copies the triggers keep (sort and search columns, the
 * member count) are computed here with the migration's own function in the same statements, triggers off,
 * because a trigger per row would triple the fill time; `consistencySql` then proves they match.
 * Secondary indexes are dropped first and rebuilt after, from their own definitions.
 */
export function fillStatements(scale: Scale, seed: number): string[] {
  const total = scale.large + scale.others * scale.perOther;
  const surnames = weighted(SURNAMES);
  const given = weighted(GIVEN_NAMES);
  const tables = `'users', 'memberships', 'membership_roles'`;
  // A member is a given name and a surname drawn by frequency, an email made of them and its row number,
  // a phone for 70%, a sign-in for 80%; 92% active, 5% deactivated, 3% pending; 3% with an end of access
  // (past or future); 15% SSO; roles 1% Admin, 12% Guest, the rest User, the account's first member Owner.
  return [
    `select setseed(${((seed % 1000) / 1000).toFixed(3)})`,
    `create temp table bench_indexes as select indexname, indexdef from pg_indexes
       where schemaname = 'public' and tablename in (${tables}) and indexname not in (select conname from pg_constraint)`,
    `do $$ declare r record; begin for r in select indexname from bench_indexes loop execute 'drop index ' || quote_ident(r.indexname); end loop; end $$`,
    'alter table memberships disable trigger user',
    'alter table membership_roles disable trigger user',
    `insert into accounts (name) select 'Bench ' || lpad(g::text, 3, '0') from generate_series(0, ${scale.others}) g`,
    `create temp table bench_accounts as select (row_number() over (order by name) - 1)::int as k, id from accounts where name like 'Bench %'`,
    `insert into roles (account_id, builtin_key, name, description)
       select a.id, key::builtin_role_key, initcap(key), '' from bench_accounts a cross join unnest(array['owner', 'admin', 'user', 'guest']) key`,
    `create temp table bench_names as select ${tail(SURNAME_TAIL)} as surnames, ${tail(GIVEN_TAIL)} as given`,
    `create temp table bench_plan as
       select g, gen_random_uuid() as user_id, gen_random_uuid() as membership_id,
         case when (g::bigint * ${scale.large}) / ${total} <> ((g::bigint - 1) * ${scale.large}) / ${total} then 0
           else 1 + (hashint4(g) & 2147483647) % ${scale.others} end as k,
         case when random() < ${GIVEN_NAME_SHARE} then (${given.names})[width_bucket(random(), ${given.thresholds}) + 1]
           else n.given[1 + floor(random() * cardinality(n.given))::int] end as first_name,
         case when random() < ${SURNAME_SHARE} then (${surnames.names})[width_bucket(random(), ${surnames.thresholds}) + 1]
           else n.surnames[1 + floor(random() * cardinality(n.surnames))::int] end as last_name,
         case when random() < 0.7 then '+1' || (2000000000 + floor(random() * 7999999999))::bigint end as phone,
         random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
         now() - interval '1 day' * (${total} - g) / ${Math.max(1, Math.round(total / 1100))} as created_at
       from generate_series(1, ${total}) g cross join bench_names n`,
    `create temp table bench_members as
       select p.*, a.id as account_id,
         lower(p.first_name) || '.' || lower(p.last_name) || p.g || '@acct' || p.k || '.test' as email,
         case when p.g = (select min(g) from bench_plan where k = 0) then 'owner'
           when p.r5 < 0.01 then 'admin' when p.r5 < 0.13 then 'guest' else 'user' end as role_key
       from bench_plan p join bench_accounts a on a.k = p.k`,
    `update bench_members set email = '${OWNER_EMAIL}' where role_key = 'owner' and k = 0`,
    `insert into users (id, email, first_name, last_name, phone, created_at, updated_at)
       select user_id, email, first_name, last_name, phone, created_at, created_at from bench_members order by g`,
    `insert into memberships (id, account_id, user_id, status, login_type, access_expires_at, last_sign_in_at, created_at, updated_at,
         sort_first_name, sort_last_name, sort_email, sort_phone, sort_role, search_text)
       select b.membership_id, b.account_id, b.user_id,
         (case when b.role_key = 'owner' or b.r1 < 0.92 then 'active' when b.r1 < 0.97 then 'deactivated' else 'pending' end)::membership_status,
         (case when b.role_key <> 'owner' and b.r2 < 0.15 then 'sso' else 'local' end)::login_type,
         case when b.role_key <> 'owner' and b.r3 < 0.03 then b.created_at + interval '1 day' * (1 + b.r3 * 30000) end,
         case when b.r4 < 0.8 then now() - interval '1 second' * floor(b.r4 * 40000000) end,
         b.created_at, b.created_at,
         lower(b.first_name), lower(b.last_name), lower(b.email), b.phone, initcap(b.role_key),
         member_search_text(b.first_name, b.last_name, b.email, b.phone)
       from bench_members b order by b.g`,
    `insert into membership_roles (membership_id, role_id)
       select b.membership_id, r.id from bench_members b join roles r on r.account_id = b.account_id and r.builtin_key = b.role_key::builtin_role_key
       order by b.g`,
    `insert into account_member_counts (account_id, members) select account_id, count(*) from memberships group by account_id
       on conflict (account_id) do update set members = excluded.members`,
    // The triggers are off for the bulk load: the counts they keep are set once, as migration 0013 does.
    `insert into role_member_counts (role_id, members) select role_id, count(*) from membership_roles group by role_id
       on conflict (role_id) do update set members = excluded.members`,
    // And the name spans of the search text's pieces, as migration 0014 fills them: through a table of its own
    // first, because PostgreSQL runs CREATE TABLE AS in parallel and INSERT … SELECT not (~50 s, not ~90, here).
    `set work_mem = '256MB'`,
    `create unlogged table bench_spans as
       select m.account_id, g.trigram, min(m.sort_last_name) as first_last_name, max(m.sort_last_name) as last_last_name
       from memberships m cross join lateral unnest(member_search_trigrams(m.search_text)) g(trigram)
       group by m.account_id, g.trigram`,
    `insert into member_trigram_spans (account_id, trigram, first_last_name, last_last_name)
       select account_id, trigram, first_last_name, last_last_name from bench_spans
       on conflict (account_id, trigram) do update set first_last_name = least(member_trigram_spans.first_last_name, excluded.first_last_name),
         last_last_name = greatest(member_trigram_spans.last_last_name, excluded.last_last_name)`,
    'drop table bench_spans',
    'reset work_mem',
    ...organizationStatements(),
    'alter table memberships enable trigger user',
    'alter table membership_roles enable trigger user',
    `do $$ declare r record; begin for r in select indexdef from bench_indexes loop execute r.indexdef; end loop; end $$`,
    'drop table bench_plan, bench_members, bench_accounts, bench_indexes, bench_names',
  ];
}

/** The structures the filters' classes name (bench/users/workload.ts looks them up by these names). */
export const STRUCTURES = {
  departments: { big: 'Operations', second: 'Sales', engineering: 'Engineering', small: 'Legal' },
  teams: { big: 'Field', sales: 'Alpha', tiny: 'Tiny' },
  groups: { big: 'Everyone', sales: 'Sales inbox', rare: 'Rare' },
} as const;

/**
 * Departments, teams and groups of the large account (issue 16), shaped like a company's: 30 departments
 * (six at the top: Operations 40% of the members, Sales 20%, Engineering 15%, Support 10%, Finance 5%,
 * Legal 0.5%; 24 units under Operations and Engineering share the rest), everyone in one. 200 teams, each
 * within a department: Field holds 60% of Operations (24% of the account), Alpha a quarter of Sales, Tiny
 * 100 people of Legal, the others the rest of their department; 30% are also in a random second team; 85%
 * have their first team as primary. 1,000 groups: Everyone (60%, at random), Sales inbox (80% of Sales), Rare
 * (~50 people), and every member in 0–4 of the 997 others (~2 on average). So that a filter's worst cases
 * are here: two large sets that barely meet (Sales and Field, Engineering and Sales inbox).
 */
function organizationStatements(): string[] {
  return [
    // The link tables' triggers keep memberships.structure_ids (migration 0017): set once at the end instead.
    'alter table department_members disable trigger user',
    'alter table team_members disable trigger user',
    'alter table group_members disable trigger user',
    `create temp table bench_org as
       select b.membership_id, b.account_id, b.g, random() as d, random() as t, random() as t2, random() as gr, random() as gn
       from bench_members b where b.k = 0`,
    // Departments: six at the top, then units 01–12 under Operations and 13–24 under Engineering.
    `create temp table bench_departments (n int, name text, parent int, low float8, high float8)`,
    `insert into bench_departments values
       (1, 'Operations', null, 0, 0.40), (2, 'Sales', null, 0.40, 0.60), (3, 'Engineering', null, 0.60, 0.75),
       (4, 'Support', null, 0.75, 0.85), (5, 'Finance', null, 0.85, 0.90), (6, 'Legal', null, 0.90, 0.905)`,
    `insert into bench_departments select 6 + u, 'Unit ' || lpad(u::text, 2, '0'), case when u <= 12 then 1 else 3 end,
       0.905 + (u - 1) * 0.095 / 24, 0.905 + u * 0.095 / 24 from generate_series(1, 24) u`,
    `insert into departments (account_id, name) select a.id, d.name from bench_departments d cross join bench_accounts a where a.k = 0 and d.parent is null`,
    `insert into departments (account_id, name, parent_id)
       select a.id, d.name, p.id from bench_departments d cross join bench_accounts a
       join bench_departments pd on pd.n = d.parent join departments p on p.account_id = a.id and p.name = pd.name
       where a.k = 0 and d.parent is not null`,
    `alter table bench_departments add column id uuid`,
    `update bench_departments d set id = x.id from departments x join bench_accounts a on a.id = x.account_id and a.k = 0 where x.name = d.name`,
    `alter table bench_org add column department int`,
    `update bench_org o set department = (select d.n from bench_departments d where o.d >= d.low and o.d < d.high order by d.n limit 1)`,
    `update bench_org set department = 30 where department is null`,
    `insert into department_members (department_id, membership_id, account_id)
       select d.id, o.membership_id, o.account_id from bench_org o join bench_departments d on d.n = o.department order by o.g`,
    // Teams: Field, Alpha and Tiny, then Team 004–200, each in department 1 + n % 30.
    `create temp table bench_teams as
       select n, case n when 1 then 'Field' when 2 then 'Alpha' when 3 then 'Tiny' else 'Team ' || lpad(n::text, 3, '0') end as name,
         case n when 1 then 1 when 2 then 2 when 3 then 6 else 1 + n % 30 end as department
       from generate_series(1, 200) n`,
    `insert into teams (account_id, name) select a.id, t.name from bench_teams t cross join bench_accounts a where a.k = 0`,
    `alter table bench_teams add column id uuid`,
    `update bench_teams t set id = x.id from teams x join bench_accounts a on a.id = x.account_id and a.k = 0 where x.name = t.name`,
    `create temp table bench_department_teams as select department, array_agg(n order by n) as ns from bench_teams where n > 3 group by department`,
    `alter table bench_org add column team int`,
    `update bench_org o set team = case
       when o.department = 1 and o.t < 0.6 then 1
       when o.department = 2 and o.t < 0.25 then 2
       when o.department = 6 and o.g in (select g from bench_org where department = 6 order by g limit 100) then 3
       else (select ns[1 + (hashint4(o.g * 7) & 2147483647) % cardinality(ns)] from bench_department_teams dt where dt.department = o.department) end`,
    `insert into team_members (team_id, membership_id, account_id, is_primary)
       select t.id, o.membership_id, o.account_id, o.t2 < 0.85 from bench_org o join bench_teams t on t.n = o.team order by o.g`,
    `insert into team_members (team_id, membership_id, account_id)
       select t.id, o.membership_id, o.account_id from bench_org o join bench_teams t on t.n = 4 + (hashint4(o.g * 3 + 1) & 2147483647) % 197
       where o.t2 >= 0.7 order by o.g on conflict do nothing`,
    // Groups: Everyone, Sales inbox, Rare, then Group 0004–1000.
    `create temp table bench_groups as
       select n, case n when 1 then 'Everyone' when 2 then 'Sales inbox' when 3 then 'Rare' else 'Group ' || lpad(n::text, 4, '0') end as name
       from generate_series(1, 1000) n`,
    `insert into groups (account_id, name) select a.id, g.name from bench_groups g cross join bench_accounts a where a.k = 0`,
    `alter table bench_groups add column id uuid`,
    `update bench_groups g set id = x.id from groups x join bench_accounts a on a.id = x.account_id and a.k = 0 where x.name = g.name`,
    `insert into group_members (group_id, membership_id, account_id)
       select g.id, o.membership_id, o.account_id from bench_org o join bench_groups g on
         (g.n = 1 and o.gr < 0.6) or (g.n = 2 and o.department = 2 and o.gn < 0.8) or (g.n = 3 and (hashint4(o.g * 5 + 3) & 2147483647) % 4000 = 0)
       order by o.g`,
    `insert into group_members (group_id, membership_id, account_id)
       select g.id, o.membership_id, o.account_id from bench_org o cross join lateral generate_series(1, floor(o.gn * 5)::int) s
       join bench_groups g on g.n = 4 + (hashint4(o.g * 31 + s) & 2147483647) % 997
       order by o.g on conflict do nothing`,
    `update memberships m set structure_ids = s.ids from (
       select membership_id, array_agg(structure_id order by structure_id) as ids from (
         select membership_id, department_id as structure_id from department_members
         union all select membership_id, team_id from team_members
         union all select membership_id, group_id from group_members) l group by membership_id) s
     where m.id = s.membership_id`,
    'alter table department_members enable trigger user',
    'alter table team_members enable trigger user',
    'alter table group_members enable trigger user',
    'drop table bench_org, bench_departments, bench_teams, bench_department_teams, bench_groups',
  ];
}

/**
 * Rows whose trigger-kept copies differ from what the triggers would write: must be 0. The name spans are
 * checked on 5,000 members (by id, a random uuid): every piece of their search text has a span holding
 * their last name (all 1,000,000 would cost as much as the fill of the spans).
 */
export const consistencySql = `
  select
    (select count(*) from memberships m join users u on u.id = m.user_id
      where m.sort_first_name is distinct from lower(u.first_name) or m.sort_last_name is distinct from lower(u.last_name)
        or m.sort_email is distinct from lower(u.email) or m.sort_phone is distinct from u.phone
        or m.search_text is distinct from member_search_text(u.first_name, u.last_name, u.email, u.phone)
        or m.sort_role is distinct from (select min(r.name) from membership_roles mr join roles r on r.id = mr.role_id where mr.membership_id = m.id)
        or m.structure_ids::text <> (select coalesce(array_agg(s order by s), '{}')::text from (
          select department_id as s from department_members where membership_id = m.id union all select team_id from team_members where membership_id = m.id
          union all select group_id from group_members where membership_id = m.id) l)) as stale_rows,
    (select count(*) from (select account_id, count(*) as n from memberships group by account_id) c
      full join account_member_counts k using (account_id) where c.n is distinct from k.members)
    + (select count(*) from (select role_id, count(*) as n from membership_roles group by role_id) c
      full join role_member_counts k using (role_id) where c.n is distinct from coalesce(k.members, 0) and not (c.n is null and k.members = 0))
    + (select count(*) from (select * from memberships order by id limit 5000) m cross join lateral unnest(member_search_trigrams(m.search_text)) g(trigram)
      where not exists (select from member_trigram_spans s where s.account_id = m.account_id and s.trigram = g.trigram
        and s.first_last_name <= m.sort_last_name and s.last_last_name >= m.sort_last_name)) as stale_counts`;
