import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { accounts } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';
import { now } from '@/lib/clock';
import { describeWait, limitReached, recentEntries, type SendLimit } from './send-limits';
import { DalError } from './errors';

const HOUR_MS = 3_600_000;

/** At most this many times an hour may one invitation (or one person's activation link) be sent again. */
export const RESENDS_PER_TARGET_PER_HOUR = 3;
/** At most this many resent invitations and activation links an hour in one account, all senders together. */
export const RESENDS_PER_ACCOUNT_PER_HOUR = 200;

/**
 * The audit actions that send a link again: Resend on the Invites tab, inviting an address whose
 * invitation is still open (which refreshes it), and a new activation link.
 */
export const RESEND_ACTIONS: AuditAction[] = ['invitation.resent', 'invitation.refreshed', 'member.activation_resent'];

const TARGET_LIMITS: SendLimit[] = [{ windowMs: HOUR_MS, max: RESENDS_PER_TARGET_PER_HOUR, reason: `This link was already sent again ${RESENDS_PER_TARGET_PER_HOUR} times in the last hour.` }];
const ACCOUNT_LIMITS: SendLimit[] = [{ windowMs: HOUR_MS, max: RESENDS_PER_ACCOUNT_PER_HOUR, reason: `This account has sent ${RESENDS_PER_ACCOUNT_PER_HOUR} links again in the last hour.` }];

/**
 * Inside the caller's transaction, before it queues mail: holds the account's row (so two resends cannot
 * both pass), then answers which of `targetIds` may not be sent again now, each with a human reason.
 * Counted from the audit log, like the profile's mail limits: a revoke or a new link does not reset them.
 */
export async function resendRefusals(tx: Tx, accountId: string, targetIds: string[]): Promise<Map<string, string>> {
  await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('no key update');
  const at = now();
  const since = new Date(at.getTime() - HOUR_MS);
  const refusals = new Map<string, string>();
  const accountTimes = (await recentEntries(tx, { accountId }, RESEND_ACTIONS, since, RESENDS_PER_ACCOUNT_PER_HOUR)).map((entry) => entry.at);
  // The targets' entries within the hour, in one query (the account cap keeps them few).
  const targetEntries = await recentEntries(tx, { accountId, targetIds }, RESEND_ACTIONS, since, 10_000);
  let sentNow = 0;
  for (const targetId of targetIds) {
    const own = limitReached(targetEntries.filter((entry) => entry.targetId === targetId).map((entry) => entry.at), TARGET_LIMITS, at);
    // Resends allowed earlier in this same call count against the account cap as well.
    const shared = limitReached([...Array.from({ length: sentNow }, () => at), ...accountTimes], ACCOUNT_LIMITS, at);
    const refused = own ?? shared;
    if (refused) refusals.set(targetId, `${refused.reason} You can send it again ${describeWait(refused.waitMs)}.`);
    else sentNow += 1;
  }
  return refusals;
}

/** The same check for one link, throwing the refusal. */
export async function assertMayResend(tx: Tx, accountId: string, targetId: string): Promise<void> {
  const refusal = (await resendRefusals(tx, accountId, [targetId])).get(targetId);
  if (refusal) throw new DalError('rate_limited', refusal);
}
