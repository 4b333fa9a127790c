import type { LoginType, MembershipStatus } from '@/db/schema';

// What the Users tab shows (its rows, its pages, a bulk change's per-user result): shared by lib/dal/members
// and the client components that draw them. Types only: the browser never imports lib/dal.

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
  /** The member's primary team (issue 16), if they have one. */
  primaryTeam: { id: string; name: string } | null;
  loginType: LoginType;
  status: MembershipStatus;
  accessExpiresAt: string | null;
  lastSignInAt: string | null;
  isSelf: boolean;
}

/** A row as the Users tab's table gets it: only what it shows or acts on (the page's inline data stays small). */
export type MemberTableRow = Omit<MemberRow, 'userId' | 'roles'> & { roles: { name: string; builtinKey: string | null }[] };

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

export type BulkOperation = 'activate' | 'deactivate' | 'role' | 'extend';

export interface BulkResult {
  changed: string[];
  unchanged: string[];
  refused: { name: string; reason: string }[];
}
