import { z } from 'zod';

export const MEMBER_SORTS = ['name', 'email', 'phone', 'role', 'login', 'status', 'lastSignIn'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export const MEMBER_STATUS_FILTERS = ['active', 'temporary', 'expired', 'deactivated', 'pending'] as const;
export type MemberStatusFilter = (typeof MEMBER_STATUS_FILTERS)[number];
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/**
 * The keys of each sort, in order (lib/dal/members/search/sort-order.ts builds the same keys): the members' own values,
 * a boolean that puts NULLs last, and the membership id that makes the order total. The server reads them
 * from the boundary row a cursor names; they never travel in the URL.
 */
export const SORT_KEY_KINDS = {
  name: ['text', 'text', 'uuid'],
  email: ['text', 'uuid'],
  phone: ['bool', 'text', 'text', 'text', 'uuid'],
  role: ['bool', 'text', 'text', 'text', 'uuid'],
  login: ['login', 'text', 'text', 'uuid'],
  status: ['status', 'bool', 'time', 'text', 'text', 'uuid'],
  lastSignIn: ['bool', 'time', 'text', 'text', 'uuid'],
} as const satisfies Record<MemberSort, readonly string[]>;
export type SortKeyKind = (typeof SORT_KEY_KINDS)[MemberSort][number];
export type SortKey = string | boolean;

/**
 * Where a page of the Users tab starts, relative to the rows of another page (opaque in the URL). It names
 * the boundary row by its membership id only: its sort keys (lower-cased names, email) are looked up on the
 * server, so they never land in the URL history.
 */
export interface MemberCursor {
  /** after: the rows after the boundary row; before: the rows before it; last: the last page. */
  to: 'after' | 'before' | 'last';
  /** The boundary row's membership id (null for the last page). */
  id: string | null;
  /** The page's first row, counted from 0 at the start, when it is known. */
  offset: number | null;
  /** Rows from the page's first row to the end (1 on the last row), when only that is known. */
  fromEnd: number | null;
}

const encodedCursorSchema = z.object({
  v: z.literal(2),
  s: z.enum(MEMBER_SORTS),
  d: z.enum(['asc', 'desc']),
  f: z.string(),
  t: z.enum(['after', 'before', 'last']),
  // Any uuid PostgreSQL reads (not only RFC 4122 versions): the ids are the database's.
  i: z.guid().nullable(),
  o: z.number().int().min(0).max(1e9).nullable(),
  e: z.number().int().min(1).max(1e9).nullable(),
});

interface CursorContext {
  q: string;
  role: string | null;
  status: MemberStatusFilter | null;
  login: 'local' | 'sso' | null;
  department: string | null;
  team: string | null;
  group: string | null;
  licence: string | null;
  sort: MemberSort;
  dir: 'asc' | 'desc';
}

// base64url by hand: this module also reaches the browser, which has no Buffer.
const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const fromBase64Url = (encoded: string) =>
  new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)));

/** A short hash of the search and filters a cursor was made for: a cursor outlives neither. */
function fingerprint({ q, role, status, login, department, team, group, licence }: CursorContext): string {
  let hash = 0x811c9dc5;
  // A licence joins the list only when set, so the cursors of earlier filters keep their fingerprints.
  for (const char of [q.toLowerCase(), role, status, login, department, team, group, ...(licence ? [licence] : [])].map((part) => part ?? '').join('\u0000')) {
    hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

export function encodeMemberCursor(cursor: MemberCursor, context: CursorContext): string {
  const payload = { v: 2, s: context.sort, d: context.dir, f: fingerprint(context), t: cursor.to, i: cursor.to === 'last' ? null : cursor.id, o: cursor.offset, e: cursor.fromEnd };
  return toBase64Url(JSON.stringify(payload));
}

/**
 * Reads a cursor from the URL. Anything that does not decode, names no row, or was made for another sort,
 * search or filter gives null: the first page, never an error. (Whether the row still exists, in the actor's
 * account, is the data layer's to find out.)
 */
export function decodeMemberCursor(raw: string | null | undefined, context: CursorContext): MemberCursor | null {
  if (!raw || raw.length > 4_096 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(fromBase64Url(raw));
  } catch {
    return null;
  }
  const parsed = encodedCursorSchema.safeParse(decoded);
  if (!parsed.success) return null;
  const { s, d, f, t, i, o, e } = parsed.data;
  if (s !== context.sort || d !== context.dir || f !== fingerprint(context)) return null;
  if (t === 'last') return { to: 'last', id: null, offset: null, fromEnd: null };
  if (!i) return null;
  return { to: t, id: i, offset: o, fromEnd: o === null ? e : null };
}

/** The search box's text: control characters (which the search index uses as separators) become spaces. */
const searchTerm = z
  .string()
  .transform((value) => value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim())
  .pipe(z.string().max(100));

/** The Users tab's state as it stands in the URL. Anything malformed falls back to the default. */
export const memberQuerySchema = z
  .object({
    q: searchTerm.catch('').default(''),
    role: z.uuid().nullable().catch(null).default(null),
    status: z.enum(MEMBER_STATUS_FILTERS).nullable().catch(null).default(null),
    login: z.enum(['local', 'sso']).nullable().catch(null).default(null),
    // Members of one department, team or group (issue 16): ids of the actor's account, or nobody matches.
    department: z.uuid().nullable().catch(null).default(null),
    team: z.uuid().nullable().catch(null).default(null),
    group: z.uuid().nullable().catch(null).default(null),
    // Holders of one licence (issue 17): a pool of the actor's account, or nobody matches.
    licence: z.uuid().nullable().catch(null).default(null),
    sort: z.enum(MEMBER_SORTS).catch('name').default('name'),
    dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
    size: z.coerce
      .number()
      .refine((value) => (PAGE_SIZES as readonly number[]).includes(value))
      .catch(25)
      .default(25),
    cursor: z.string().nullable().catch(null).default(null),
  })
  .transform(({ cursor, ...query }) => ({ ...query, cursor: decodeMemberCursor(cursor, query) }));
export type MemberQuery = z.infer<typeof memberQuerySchema>;

/** Reads the query from Next's searchParams (arrays and junk included). */
export function parseMemberQuery(params: Record<string, string | string[] | undefined>): MemberQuery {
  const first = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return memberQuerySchema.parse({
    q: first('q'),
    role: first('role') || null,
    status: first('status') || null,
    login: first('login') || null,
    department: first('department') || null,
    team: first('team') || null,
    group: first('group') || null,
    licence: first('licence') || null,
    sort: first('sort'),
    dir: first('dir'),
    size: first('size'),
    cursor: first('cursor') || null,
  });
}
