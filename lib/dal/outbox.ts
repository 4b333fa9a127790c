import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { mailAttempts, mailOutbox, type OutboxMessage } from '@/db/schema';
import { now } from '@/lib/clock';
import { MAX_BATCH_SIZE, type BatchOutcome, type MailSender, type OutgoingMail, type SendOutcome } from '@/lib/mail/sender';
import { DalError } from './errors';
import { isOwner, targetMembership } from './member-target';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

type QueuedMail = OutgoingMail & { accountId: string | null; subjectRef: string };

function outboxRow(message: QueuedMail, id: string = randomUUID(), batchId: string | null = null) {
  return {
    id,
    batchId,
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

/**
 * Queues many messages at once (bulk invitations), inside the caller's transaction, in batches of up to
 * Resend's 100: each batch is later sent in one request. The batch is fixed here, so every retry sends
 * exactly the same messages under the same key.
 */
export async function enqueueMails(tx: Tx, messages: QueuedMail[]): Promise<void> {
  const rows = [];
  for (let start = 0; start < messages.length; start += MAX_BATCH_SIZE) {
    const chunk = messages.slice(start, start + MAX_BATCH_SIZE);
    const ids = chunk.map(() => randomUUID());
    const batchId = chunk.length > 1 ? ids[0]! : null;
    rows.push(...chunk.map((message, index) => outboxRow(message, ids[index], batchId)));
  }
  for (let start = 0; start < rows.length; start += 500) await tx.insert(mailOutbox).values(rows.slice(start, start + 500));
}

/** The wait before attempt n+1: 5 s, 10 s, 20 s … up to an hour, with jitter so workers do not stampede. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Takes due messages for this worker: pending ones whose time has come, and ones another worker took but
 * did not finish before its lease ran out (it crashed). SKIP LOCKED lets several processes run at once
 * without taking the same message. A batch is taken whole: only its first message is looked at and
 * locked, and the rest follow it.
 */
async function claimDue(limit: number): Promise<OutboxMessage[]> {
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(
        and(
          or(isNull(mailOutbox.batchId), eq(mailOutbox.batchId, mailOutbox.id)),
          or(
            and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, at)),
            and(eq(mailOutbox.status, 'sending'), lte(mailOutbox.lockedUntil, at)),
          ),
        ),
      )
      .orderBy(asc(mailOutbox.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id);
    return tx
      .update(mailOutbox)
      .set({ status: 'sending', lockedUntil: new Date(at.getTime() + LEASE_MS), attempts: sql`${mailOutbox.attempts} + 1` })
      .where(or(inArray(mailOutbox.id, ids), inArray(mailOutbox.batchId, ids)))
      .returning();
  });
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

const asMail = (message: OutboxMessage): OutgoingMail => ({ to: message.toAddress, subject: message.subject, html: message.html, text: message.text });

/** The claimed messages as units to send: single messages, and whole batches in a fixed order. */
function units(claimed: OutboxMessage[]): OutboxMessage[][] {
  const groups = new Map<string, OutboxMessage[]>();
  for (const message of claimed) {
    const key = message.batchId ?? message.id;
    groups.set(key, [...(groups.get(key) ?? []), message]);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => (a.id === a.batchId ? -1 : b.id === b.batchId ? 1 : a.id.localeCompare(b.id))));
}

async function sendUnit(sender: MailSender, unit: OutboxMessage[]): Promise<BatchOutcome> {
  const [first] = unit as [OutboxMessage];
  if (unit.length > 1 && sender.sendBatch) return sender.sendBatch(unit.map(asMail), `${first.idempotencyKey}-batch`);
  if (unit.length === 1) {
    const outcome: SendOutcome = await sender.send(asMail(first), first.idempotencyKey);
    return outcome.ok ? { ok: true, providerIds: [outcome.providerId] } : outcome;
  }
  // A sender without batches: one request per message, each under its own key.
  const providerIds: string[] = [];
  for (const message of unit) {
    const outcome = await sender.send(asMail(message), message.idempotencyKey);
    if (!outcome.ok) return outcome;
    providerIds.push(outcome.providerId);
  }
  return { ok: true, providerIds };
}

/**
 * Delivers what is due, recording every attempt. Safe to run in several processes at once. A batch that
 * Resend refuses as a whole (one bad address, say) is split, and its messages go out one by one, so one
 * refusal cannot stop the rest; nothing of a refused batch was sent, so no message can arrive twice.
 */
export async function deliverDueMail(sender: MailSender, limit = 50): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const claimed = await claimDue(limit);
  const db = await getDb();
  for (const unit of units(claimed)) {
    const outcome = await sendUnit(sender, unit);
    const at = now();
    const ids = unit.map((message) => message.id);
    const batched = unit.length > 1;
    await db.transaction(async (tx) => {
      if (outcome.ok) {
        for (const [index, message] of unit.entries()) {
          await tx.update(mailOutbox).set({ status: 'sent', sentAt: at, providerId: outcome.providerIds[index], lockedUntil: null, lastError: null }).where(eq(mailOutbox.id, message.id));
        }
        await tx.insert(mailAttempts).values(unit.map((message, index) => ({ outboxId: message.id, outcome: 'sent', detail: { sender: sender.name, providerId: outcome.providerIds[index], batch: batched ? unit.length : undefined } })));
        report.sent += unit.length;
        return;
      }
      const [first] = unit as [OutboxMessage];
      const split = batched && !outcome.retryable;
      const giveUp = !split && (!outcome.retryable || first.attempts >= MAX_ATTEMPTS);
      await tx
        .update(mailOutbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: outcome.message.slice(0, 500),
          nextAttemptAt: giveUp ? first.nextAttemptAt : split ? at : new Date(at.getTime() + backoffMs(first.attempts)),
          ...(split ? { batchId: null } : {}),
        })
        .where(inArray(mailOutbox.id, ids));
      const recorded = split ? 'split' : giveUp ? 'failed' : 'retry';
      await tx.insert(mailAttempts).values(unit.map((message) => ({ outboxId: message.id, outcome: recorded, statusCode: outcome.statusCode, detail: { sender: sender.name, message: outcome.message, batch: batched ? unit.length : undefined } })));
      if (giveUp) report.failed += unit.length;
      else report.retrying += unit.length;
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
