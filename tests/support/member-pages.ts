import { getDb } from '@/db/client';
import type { Actor } from '@/lib/access/checks';
import { findMemberPage } from '@/lib/dal/members/search/find-page';
import { MEMBER_QUERY_TUNING, type MemberQueryTuning } from '@/lib/dal/members/search/plan-query';
import type { MemberPage } from '@/lib/types/members';
import { parseMemberQuery } from '@/lib/validation/members';

// The Users tab's paths to a page, forced: the tests page through a query on each and compare.

/** A tuning under which every page is a walk of at most `walkMax` rows, in stretches of 7. */
export const walkOnly = (walkMax: number): MemberQueryTuning => ({
  sample: 1_000,
  walkCost: { indexOnly: 0, table: 0 },
  walkMin: 0,
  walkMax,
  stretch: { indexOnly: 7, table: 7 },
  probe: { share: 0, rows: 0 },
});

/** A tuning under which every page is the bitmap. */
export const bitmapOnly: MemberQueryTuning = { ...MEMBER_QUERY_TUNING, walkCost: { indexOnly: 1e9, table: 1e9 }, probe: { share: 0, rows: 0 } };

/** Every page (of 10) forward through `next`, then back from the last page through `previous`. */
export async function pageThrough(actor: Actor, params: Record<string, string>, tuning: MemberQueryTuning) {
  const db = await getDb();
  const scope = { accountId: actor.accountId, selfMembershipId: actor.membershipId };
  const open = async (cursor: string | null) => (await findMemberPage(db, scope, parseMemberQuery({ ...params, size: '10', ...(cursor ? { cursor } : {}) }), tuning)).page;
  const forward: MemberPage[] = [await open(null)];
  while (forward.at(-1)!.links.next) forward.push(await open(forward.at(-1)!.links.next!.cursor));
  const backward: MemberPage[] = [await open(forward[0]!.links.last?.cursor ?? null)];
  while (backward.at(-1)!.links.previous) backward.push(await open(backward.at(-1)!.links.previous!.cursor));
  const ids = (pages: MemberPage[]) => pages.flatMap((page) => page.rows.map((row) => row.membershipId));
  return { forward: ids(forward), backward: ids([...backward].reverse()), first: forward[0]! };
}
