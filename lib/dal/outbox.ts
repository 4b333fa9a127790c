import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { mailAttempts, mailOutbox, type OutboxMessage } from '@/db/schema';
import { now } from '@/lib/clock';
import type { MailSender, OutgoingMail } from '@/lib/mail/sender';
import { DalError } from './errors';
import { isOwner, targetMembership } from './member-target';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

type QueuedMail = OutgoingMail & { accountId: string | null; subjectRef: string };

function outboxRow(message: QueuedMail) {
  return {
    accountId: message.accountId,
    subjectRef: message.subjectRef,
    toAddress: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    // Stable for the life of this message: every retry sends the same key.
    idempotencyKey: `rolecall-${randomUUID()}`,
  };
}

/** Queues a message inside the caller's transaction: it is sent if, and only if, the change commits. */
export async function enqueueMail(tx: Tx, message: QueuedMail): Promise<string> {
  const [row] = await tx.insert(mailOutbox).values(outboxRow(message)).returning({ id: mailOutbox.id });
  return row!.id;
}

/** Queues many messages at once (bulk invitations), inside the caller's transaction. */
export async function enqueueMails(tx: Tx, messages: QueuedMail[]): Promise<void> {
  if (messages.length > 0) await tx.insert(mailOutbox).values(messages.map(outboxRow));
}

/** The wait before attempt n+1: 5 s, 10 s, 20 s … up to an hour, with jitter so workers do not stampede. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Takes due messages for this worker: pending ones whose time has come, and ones another worker took but
 * did not finish before its lease ran out (it crashed). SKIP LOCKED lets several processes run at once
 * without taking the same message.
 */
async function claimDue(limit: number): Promise<OutboxMessage[]> {
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    const due = tx
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(
        or(
          and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, at)),
          and(eq(mailOutbox.status, 'sending'), lte(mailOutbox.lockedUntil, at)),
        ),
      )
      .orderBy(asc(mailOutbox.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return tx
      .update(mailOutbox)
      .set({ status: 'sending', lockedUntil: new Date(at.getTime() + LEASE_MS), attempts: sql`${mailOutbox.attempts} + 1` })
      .where(inArray(mailOutbox.id, due))
      .returning();
  });
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** Delivers what is due, recording every attempt. Safe to run in several processes at once. */
export async function deliverDueMail(sender: MailSender, limit = 50): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const claimed = await claimDue(limit);
  const db = await getDb();
  for (const message of claimed) {
    const outcome = await sender.send({ to: message.toAddress, subject: message.subject, html: message.html, text: message.text }, message.idempotencyKey);
    const at = now();
    await db.transaction(async (tx) => {
      if (outcome.ok) {
        await tx.update(mailOutbox).set({ status: 'sent', sentAt: at, providerId: outcome.providerId, lockedUntil: null, lastError: null }).where(eq(mailOutbox.id, message.id));
        await tx.insert(mailAttempts).values({ outboxId: message.id, outcome: 'sent', detail: { sender: sender.name, providerId: outcome.providerId } });
        report.sent += 1;
        return;
      }
      const giveUp = !outcome.retryable || message.attempts >= MAX_ATTEMPTS;
      await tx
        .update(mailOutbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: outcome.message.slice(0, 500),
          nextAttemptAt: giveUp ? message.nextAttemptAt : new Date(at.getTime() + backoffMs(message.attempts)),
        })
        .where(eq(mailOutbox.id, message.id));
      await tx.insert(mailAttempts).values({ outboxId: message.id, outcome: giveUp ? 'failed' : 'retry', statusCode: outcome.statusCode, detail: { sender: sender.name, message: outcome.message } });
      if (giveUp) report.failed += 1;
      else report.retrying += 1;
    });
  }
  return report;
}

export interface KeptMail {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  status: string;
  createdAt: string;
}

/**
 * The local mailbox (/dev/mail): this account's mail while no RESEND_API_KEY is set. Only the account's
 * Owners may read it (it holds other people's links); otherwise, and once a key is set, it is not found.
 */
export async function listKeptMail(actor: { accountId: string; membershipId: string }, limit = 50): Promise<KeptMail[]> {
  if (process.env.RESEND_API_KEY) throw new DalError('not_found', 'Mail is delivered; there is no local mailbox.');
  if (!isOwner(await targetMembership({ ...actor, userId: '', name: '' }, actor.membershipId))) {
    throw new DalError('not_found', 'Only Owners can read the local mailbox.');
  }
  const db = await getDb();
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.accountId, actor.accountId))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(limit);
  return rows.map((row) => ({ id: row.id, to: row.toAddress, subject: row.subject, html: row.html, text: row.text, status: row.status, createdAt: row.createdAt.toISOString() }));
}
