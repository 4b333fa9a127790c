import 'server-only';
import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { invitationLinks, type InvitationLinkPurpose } from '@/db/schema';
import { hashSecretToken, newSecretToken } from '@/lib/auth/session-token';

// The links of an invitation (see db/schema/invitations.ts): several may work at once, so handing out a
// copied link or mailing a new one never breaks a link the invitee already has.

/** At most this many links work at once for one invitation; past it the oldest copied link ends first. */
export const MAX_LIVE_LINKS = 20;

/** A new link's token (for the URL) and the row that stores only its hash. */
export function newInvitationLink(invitationId: string, purpose: InvitationLinkPurpose, createdByUserId: string | null) {
  const token = newSecretToken();
  return { token, row: { invitationId, tokenHash: hashSecretToken(token), purpose, createdByUserId } };
}

/**
 * Adds a link to an invitation, inside the caller's transaction (which has written or locked the
 * invitation's row), then ends the oldest links past MAX_LIVE_LINKS: copied links before mailed ones,
 * never the new one. Returns the new link's token.
 */
export async function addInvitationLink(tx: Tx, invitationId: string, purpose: InvitationLinkPurpose, createdByUserId: string | null): Promise<string> {
  const { token, row } = newInvitationLink(invitationId, purpose, createdByUserId);
  const [added] = await tx.insert(invitationLinks).values(row).returning({ id: invitationLinks.id });
  const [held] = await tx.select({ links: count() }).from(invitationLinks).where(eq(invitationLinks.invitationId, invitationId));
  const excess = Number(held?.links ?? 0) - MAX_LIVE_LINKS;
  if (excess > 0) {
    const oldest = await tx
      .select({ id: invitationLinks.id })
      .from(invitationLinks)
      .where(and(eq(invitationLinks.invitationId, invitationId), ne(invitationLinks.id, added!.id)))
      .orderBy(desc(sql`${invitationLinks.purpose} = 'copy'`), asc(invitationLinks.createdAt), asc(invitationLinks.id))
      .limit(excess);
    await tx.delete(invitationLinks).where(inArray(invitationLinks.id, oldest.map((link) => link.id)));
  }
  return token;
}

/** Ends every link of these invitations (their terms changed, or their time ran out before a new link). */
export async function endInvitationLinks(tx: Tx, invitationIds: string[]): Promise<void> {
  if (invitationIds.length > 0) await tx.delete(invitationLinks).where(inArray(invitationLinks.invitationId, invitationIds));
}
