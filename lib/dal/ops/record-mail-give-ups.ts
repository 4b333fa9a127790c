import 'server-only';
import { inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { accounts, auditLog, invitations, memberships, users, type OutboxMessage } from '@/db/schema';
import { undeliveredNotice } from '@/lib/mail/failure-templates';
import type { AuditRow } from '@/lib/dal/core/record-audit';
import { enqueueMail } from './mail-outbox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids behind `<kind>:<uuid>` subject references of one kind. */
function refsOf(messages: OutboxMessage[], kind: string): string[] {
  return messages.map((message) => message.subjectRef.split(':')).filter(([prefix, id]) => prefix === kind && UUID.test(id ?? '')).map(([, id]) => id!);
}

/**
 * Who sent each message, for the mail a person asked for: an invitation's sender, or whoever added the
 * member an activation link was for. Other mail (a notice like the one below, a person's own verification
 * link) has no sender to tell, so a notice that cannot be delivered never causes another.
 */
async function sendersOf(tx: Tx, messages: OutboxMessage[]): Promise<Map<string, string>> {
  const invitationIds = refsOf(messages, 'invitation');
  const membershipIds = refsOf(messages, 'activation');
  const [invited, added] = await Promise.all([
    invitationIds.length ? tx.select({ id: invitations.id, by: invitations.sentByUserId }).from(invitations).where(inArray(invitations.id, invitationIds)) : [],
    membershipIds.length ? tx.select({ id: memberships.id, by: memberships.invitedByUserId }).from(memberships).where(inArray(memberships.id, membershipIds)) : [],
  ]);
  const byRef = new Map<string, string>();
  for (const row of invited) if (row.by) byRef.set(`invitation:${row.id}`, row.by);
  for (const row of added) if (row.by) byRef.set(`activation:${row.id}`, row.by);
  return byRef;
}

/** Inside the settle's transaction, for messages just marked failed for good: one audit entry each. */
export async function recordGiveUps(tx: Tx, failed: OutboxMessage[]): Promise<void> {
  if (failed.length === 0) return;
  await tx.insert(auditLog).values(
    failed.map((message): AuditRow => ({
      accountId: message.accountId,
      actorUserId: null,
      actorName: 'Rolecall',
      action: 'mail.failed',
      targetType: 'mail',
      targetId: message.id,
      targetLabel: message.toAddress,
      after: { subjectRef: message.subjectRef, attempts: message.attempts, lastError: message.lastError },
    })),
  );
}

/**
 * After a delivery round, for the messages it marked failed for good: one notice to each sender (per
 * account) naming every address the round could not reach. The notice goes through the outbox like any
 * mail; the Invites tab shows the failure and offers "Retry all failed" whether or not it arrives.
 */
export async function noticeSenders(tx: Tx, failed: OutboxMessage[]): Promise<void> {
  if (failed.length === 0) return;
  const senderByRef = await sendersOf(tx, failed);
  const groups = new Map<string, { accountId: string; userId: string; messages: OutboxMessage[] }>();
  for (const message of failed) {
    const userId = senderByRef.get(message.subjectRef);
    if (!userId || !message.accountId) continue;
    const key = `${message.accountId}:${userId}`;
    const group = groups.get(key) ?? { accountId: message.accountId, userId, messages: [] };
    group.messages.push(message);
    groups.set(key, group);
  }
  if (groups.size === 0) return;
  const groupList = [...groups.values()];
  const [people, accountRows] = await Promise.all([
    tx.select({ id: users.id, email: users.email, firstName: users.firstName, contactEmail: users.contactEmail, verifiedAt: users.contactEmailVerifiedAt }).from(users).where(inArray(users.id, groupList.map((group) => group.userId))),
    tx.select({ id: accounts.id, name: accounts.name }).from(accounts).where(inArray(accounts.id, groupList.map((group) => group.accountId))),
  ]);
  const invitesUrl = process.env.AUTH_URL ? `${new URL(process.env.AUTH_URL).origin}/settings/invites` : null;
  for (const group of groupList) {
    const person = people.find((row) => row.id === group.userId);
    const account = accountRows.find((row) => row.id === group.accountId);
    if (!person || !account) continue;
    const to = person.contactEmail && person.verifiedAt ? person.contactEmail : person.email;
    await enqueueMail(tx, {
      accountId: group.accountId,
      subjectRef: `mail_failed_notice:${group.messages[0]!.id}`,
      to,
      ...undeliveredNotice({ firstName: person.firstName, accountName: account.name, addresses: group.messages.map((message) => message.toAddress), reason: group.messages[0]!.lastError ?? 'Unknown error', invitesUrl }),
    });
  }
}
