import { randomUUID } from 'node:crypto';

/**
 * How processes tell each other that access changed: a PostgreSQL NOTIFY on one channel, sent by the data
 * layer inside the changing transaction (lib/dal/access/load-access.ts) and heard by every process's cache
 * (lib/access/process-cache.ts). Pure, so both sides share it without importing each other.
 */
export const ACCESS_CHANNEL = 'rolecall_access';

/**
 * What changed: an account's roles (`accountId`), some memberships (`membershipIds`), or every member of an
 * account (`allMembersOf`: too many to name in one NOTIFY, e.g. a group's roles changed under thousands of
 * members; the account's roles themselves did not change).
 */
export type AccessChange = { accountId?: string; membershipIds?: string[]; allMembersOf?: string };

// Names the sender, so a process skips what it announced itself (it applied that before answering).
const PROCESS_ID = randomUUID();

/** The NOTIFY payload for a change made by this process. */
export function encodeAccessChange(change: AccessChange): string {
  return JSON.stringify({ ...change, from: PROCESS_ID });
}

/** The change another process announced, or null for this process's own; throws on a payload that is not JSON. */
export function decodeAccessChange(payload: string): AccessChange | null {
  const change = JSON.parse(payload) as AccessChange & { from?: string };
  return change.from === PROCESS_ID ? null : change;
}
