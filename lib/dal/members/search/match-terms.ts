import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { now } from '@/lib/clock';
import type { MemberQuery } from '@/lib/validation/members';

// The Users tab's search and filters as SQL conditions on memberships `m` (lib/dal/members/list-members.ts tells the whole story).

export type Term =
  | { kind: 'none' }
  | { kind: 'nothing' }
  | { kind: 'contains'; text: string; like: string; digits: string | null; phoneLike: string | null }
  | { kind: 'prefix'; text: string; head: string };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * What the search box asks for. A term with three letters or digits in a row (a trigram) is searched
 * anywhere in the name, email or phone through the trigram index; a shorter one is the start of the first
 * name, last name ("first last", "last first") or email, found through btree ranges, because a pattern
 * without a trigram would make the trigram index read every row. A term with no letter or digit matches
 * nobody.
 */
export function termOf(q: string): Term {
  const term = q.toLowerCase();
  if (!term) return { kind: 'none' };
  if (!/[\p{L}\p{N}]/u.test(term)) return { kind: 'nothing' };
  if (/[a-z0-9]{3}/.test(term)) {
    const digits = term.replace(/[^0-9]/g, '');
    const phone = digits.length >= 3 ? digits : null;
    return { kind: 'contains', text: term, like: `%${escapeLike(term)}%`, digits: phone, phoneLike: phone ? `%\u0002%${phone}%` : null };
  }
  return { kind: 'prefix', text: term, head: term.split(' ')[0]! };
}

/**
 * The search as a condition on memberships `m`, reading only search_text (which the name index carries).
 * A prefix is tested with starts_with and strpos, which no index serves: the trigram index must never be
 * planned for a term without a trigram (it would recheck every row holding a word that starts that way).
 */
export function matchSql(term: Term): SQL {
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
export function findSql(term: Term): SQL {
  if (term.kind !== 'prefix') return matchSql(term);
  const range = (column: string, start: string) => sql`(${sql.raw(column)} ~>=~ ${start} and ${sql.raw(column)} ~<~ ${`${start}\u{10FFFF}`})`;
  const email = term.text.includes(' ') ? sql`` : sql` or ${range('m.sort_email', term.text)}`;
  return sql`(${range('m.sort_first_name', term.head)} or ${range('m.sort_last_name', term.head)}${email}) and ${matchSql(term)}`;
}

/**
 * The filters that are a membership in another table (a role, a licence, a department, a team, a group), each as the
 * link table's primary key (structure id, membership id) answers it: one index probe per row.
 */
function linkProbes(query: MemberQuery): { role: SQL | null; licence: SQL | null; structures: SQL[] } {
  const structures: SQL[] = [];
  if (query.department) structures.push(sql`select 1 from department_members dm where dm.department_id = ${query.department} and dm.membership_id = m.id`);
  if (query.team) structures.push(sql`select 1 from team_members tm where tm.team_id = ${query.team} and tm.membership_id = m.id`);
  if (query.group) structures.push(sql`select 1 from group_members gm where gm.group_id = ${query.group} and gm.membership_id = m.id`);
  const role = query.role ? sql`select 1 from membership_roles mr where mr.membership_id = m.id and mr.role_id = ${query.role}` : null;
  const licence = query.licence ? sql`select 1 from membership_licences ml where ml.pool_id = ${query.licence} and ml.membership_id = m.id` : null;
  return { role, licence, structures };
}

/**
 * The department, team and group filters on the membership's own copy of its structures (migration 0017),
 * which its index intersects with the search's and the status filter's (a set of ids, not a join per
 * structure), and which a sampled row, already read from the table, answers without a probe.
 */
export const structuresFiltered = (query: MemberQuery) => Boolean(query.department || query.team || query.group);

export function structuresSql(query: MemberQuery): SQL {
  const ids = [query.department, query.team, query.group].filter((id): id is string => id !== null);
  return ids.length ? sql`m.structure_ids @> ${`{${ids.join(',')}}`}::uuid[]` : sql`true`;
}

/** A walk tests a filter through another table on each row it reads (so it reads the table, not the index alone). */
export const probesLinks = (query: MemberQuery) => Boolean(query.role || query.licence || query.department || query.team || query.group);

/**
 * The role, licence, department, team, group, status and login filters on memberships `m` (status, login and expiry
 * are in the name index too). `row`: tested row by row as a walk reads the name index (a link as a probe of
 * its index: PostgreSQL would otherwise hash every holder of the role or member of the group first);
 * `sample`: tested on rows read from the table (the structures on the row's own copy); `set`: a condition
 * the planner may join on, the structures as the membership's indexed copy of them. An id of
 * another account matches nobody: every link row carries the account of its membership, and `m` is the
 * actor's account's.
 */
export function filterSql(query: MemberQuery, use: 'row' | 'sample' | 'set'): SQL {
  const at = now().toISOString();
  const parts: SQL[] = [];
  const { role, licence, structures } = linkProbes(query);
  if (use === 'row') {
    parts.push(...[role, licence, ...structures].flatMap((probe) => (probe ? [sql`(${probe} limit 1) is not null`] : [])));
  } else {
    for (const probe of [role, licence]) if (probe) parts.push(use === 'set' ? sql`exists (${probe})` : sql`(${probe} limit 1) is not null`);
    parts.push(structuresSql(query));
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

export const isFiltered = (query: MemberQuery) => Boolean(query.q || query.status || query.login || probesLinks(query));
