import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { SORT_KEY_KINDS, type MemberQuery, type SortKey, type SortKeyKind } from '@/lib/validation/members';

// The Users tab's orders as SQL: each sort's keys, the direction a step reads them in, and the keyset
// comparison a cursor starts from (lib/dal/members/list-members.ts tells the whole story).

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

export interface Order {
  keys: SQL[];
  kinds: readonly SortKeyKind[];
  /** The direction the rows are read in: the sort's own, or its reverse for previous and last pages. */
  descending: boolean;
}

export function orderOf(query: MemberQuery, reversed: boolean): Order {
  return { keys: sortKeys(query.sort, query.dir), kinds: SORT_KEY_KINDS[query.sort], descending: (query.dir === 'desc') !== reversed };
}

const direction = (order: Order) => sql.raw(order.descending ? 'desc' : 'asc');
export const byKeys = (order: Order) => sql.join(order.keys.map((key) => sql`${key} ${direction(order)}`), sql`, `);
/** The keys as typed columns t0…tn: later steps order by these, so the index's order carries through. */
export const typedKeys = (order: Order) => sql.join(order.keys.map((key, i) => sql`${key} as ${sql.raw(`t${i}`)}`), sql`, `);
export const keyColumns = (order: Order, from: string) => sql.join(order.keys.map((_, i) => sql.raw(`${from}.t${i}`)), sql`, `);
export const byTypedKeys = (order: Order, from: string) => sql.join(order.keys.map((_, i) => sql`${sql.raw(`${from}.t${i}`)} ${direction(order)}`), sql`, `);

/** A key as it leaves PostgreSQL for a cursor: text that casts back exactly (timestamps with microseconds). */
export function keyOutput(column: string, kind: SortKeyKind): SQL {
  const key = sql.raw(column);
  return kind === 'time' ? sql`to_char(${key} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : kind === 'uuid' ? sql`${key}::text` : key;
}

const CASTS: Record<SortKeyKind, string> = { uuid: 'uuid', time: 'timestamptz', login: 'login_type', status: 'membership_status', bool: 'boolean', text: 'text' };

/** "Comes after `keys` in the reading order", as a row comparison the sort index can start from. */
export function afterSql(order: Order, keys: SortKey[]): SQL {
  const right = sql.join(keys.map((value, i) => sql`${value}::${sql.raw(CASTS[order.kinds[i]!])}`), sql`, `);
  return sql`(${sql.join(order.keys, sql`, `)}) ${sql.raw(order.descending ? '<' : '>')} (${right})`;
}
