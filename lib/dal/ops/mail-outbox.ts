import 'server-only';
import { mailStatusLabel } from '@/lib/mail/status-label';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { mailAttempts, mailOutbox, type OutboxMessage } from '@/db/schema';
import { isOwner } from '@/lib/access/escalation';
import { now } from '@/lib/clock';
import { MAX_BATCH_SIZE, sendTimeoutMs, type BatchOutcome, type MailSender, type OutgoingMail, type SendOutcome } from '@/lib/mail/sender';
import { DalError } from '@/lib/dal/core/errors';
import { targetMembership } from '@/lib/dal/members/target-membership';
import { noticeSenders, recordGiveUps } from './record-mail-give-ups';

/** How long a message is retried before it is marked failed for good (MAIL_RETRY_FOR_HOURS, 72 by default). */
export function retryWindowMs(): number {
  const hours = Number(process.env.MAIL_RETRY_FOR_HOURS);
  return (Number.isFinite(hours) && hours > 0 ? hours : 72) * 3_600_000;
}

/** The longest wait between two attempts: after an outage, delivery resumes within this long. */
export const MAX_BACKOFF_MS = 30 * 60_000;

/**
 * A claim lasts this long, and is renewed before every unit of a round is sent. One unit takes at most one
 * request's timeout (or, for a sender without batches, one per message, each renewed first), so the lease
 * is kept at three timeouts or more: a live worker never loses its messages mid-round.
 */
export const leaseMs = () => Math.max(60_000, 3 * sendTimeoutMs());

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
    // The app's clock (which tests move), like every other time the retry rules compare.
    queuedAt: now(),
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

/** The wait before attempt n+1: 5 s, 10 s, 20 s … up to 30 minutes, with jitter so workers do not stampede. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Takes due messages for this worker: pending ones whose time has come, and ones another worker took but
 * did not finish before its lease ran out (it crashed). SKIP LOCKED lets several processes run at once
 * without taking the same message. A batch is taken whole: only its first message is looked at and
 * locked, and the rest follow it.
 */
async function claimDue(limit: number, lease: Lease): Promise<OutboxMessage[]> {
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
      .set({ status: 'sending', lockedUntil: new Date(at.getTime() + lease.ms), leaseToken: lease.token, attempts: sql`${mailOutbox.attempts} + 1` })
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

/** One round's claim: a token new at every claim, which every renewal and settle must name. */
interface Lease {
  token: string;
  ms: number;
}

/**
 * Extends the lease on every message this round still holds, and answers whether it still holds all of
 * `ids` (another worker may have taken them over after the lease ran out, say while this process stalled).
 */
async function renewLease(lease: Lease, ids: string[]): Promise<boolean> {
  const db = await getDb();
  const renewed = await db
    .update(mailOutbox)
    .set({ lockedUntil: new Date(now().getTime() + lease.ms) })
    .where(and(eq(mailOutbox.leaseToken, lease.token), eq(mailOutbox.status, 'sending')))
    .returning({ id: mailOutbox.id });
  const held = new Set(renewed.map((row) => row.id));
  return ids.every((id) => held.has(id));
}

/** The message is still ours: claimed under this lease and not settled by anyone since. */
const heldBy = (lease: Lease, ids: string[]) => and(inArray(mailOutbox.id, ids), eq(mailOutbox.leaseToken, lease.token), eq(mailOutbox.status, 'sending'));

async function sendUnit(sender: MailSender, unit: OutboxMessage[], lease: Lease): Promise<BatchOutcome | 'lost'> {
  const [first] = unit as [OutboxMessage];
  if (unit.length > 1 && sender.sendBatch) return sender.sendBatch(unit.map(asMail), `${first.idempotencyKey}-batch`);
  if (unit.length === 1) {
    const outcome: SendOutcome = await sender.send(asMail(first), first.idempotencyKey);
    return outcome.ok ? { ok: true, providerIds: [outcome.providerId] } : outcome;
  }
  // A sender without batches: one request per message, each under its own key, the lease renewed before each.
  const providerIds: string[] = [];
  for (const message of unit) {
    if (message !== first && !(await renewLease(lease, unit.map((each) => each.id)))) return 'lost';
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
 * Every write after the claim is fenced by the claim's lease token: a worker that lost its lease (it stalled
 * and another took the messages over) changes nothing, so a late timeout cannot undo a delivery.
 * A message that still fails MAIL_RETRY_FOR_HOURS after it was queued, or that Resend refuses outright, is
 * marked failed, audited, and its sender told (see lib/dal/ops/record-mail-give-ups.ts).
 */
export async function deliverDueMail(sender: MailSender, limit = 50, options: { leaseMs?: number } = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const lease: Lease = { token: randomUUID(), ms: options.leaseMs ?? leaseMs() };
  const claimed = await claimDue(limit, lease);
  const db = await getDb();
  const gaveUp: OutboxMessage[] = [];
  for (const unit of units(claimed)) {
    const ids = unit.map((message) => message.id);
    // Renewed before each unit, so however many units a round holds, none waits past its lease.
    if (!(await renewLease(lease, ids))) continue;
    const outcome = await sendUnit(sender, unit, lease);
    if (outcome === 'lost') continue;
    const at = now();
    const batched = unit.length > 1;
    await db.transaction(async (tx) => {
      if (outcome.ok) {
        let settled = 0;
        for (const [index, message] of unit.entries()) {
          const done = await tx
            .update(mailOutbox)
            .set({ status: 'sent', sentAt: at, providerId: outcome.providerIds[index], lockedUntil: null, leaseToken: null, lastError: null })
            .where(heldBy(lease, [message.id]))
            .returning({ id: mailOutbox.id });
          if (done.length === 0) continue;
          settled += 1;
          await tx.insert(mailAttempts).values({ outboxId: message.id, outcome: 'sent', detail: { sender: sender.name, providerId: outcome.providerIds[index], batch: batched ? unit.length : undefined } });
        }
        report.sent += settled;
        return;
      }
      const [first] = unit as [OutboxMessage];
      const split = batched && !outcome.retryable;
      const expired = at.getTime() >= first.queuedAt.getTime() + retryWindowMs();
      const giveUp = !split && (!outcome.retryable || expired);
      const lastError = (giveUp && outcome.retryable ? `Not delivered after ${describeWindow()}: ${outcome.message}` : outcome.message).slice(0, 500);
      const settled = await tx
        .update(mailOutbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lockedUntil: null,
          leaseToken: null,
          // A split is no failure of these messages (one of them was refused); each is tried on its own next.
          lastError: split ? null : lastError,
          nextAttemptAt: giveUp ? first.nextAttemptAt : split ? at : new Date(at.getTime() + backoffMs(first.attempts)),
          ...(split ? { batchId: null } : {}),
        })
        .where(heldBy(lease, ids))
        .returning();
      if (settled.length === 0) return;
      const recorded = split ? 'split' : giveUp ? 'failed' : 'retry';
      await tx.insert(mailAttempts).values(settled.map((message) => ({ outboxId: message.id, outcome: recorded, statusCode: outcome.statusCode, detail: { sender: sender.name, message: outcome.message, batch: batched ? unit.length : undefined } })));
      if (giveUp) {
        await recordGiveUps(tx, settled);
        gaveUp.push(...settled);
        report.failed += settled.length;
      } else report.retrying += settled.length;
    });
  }
  // One notice per sender for the whole round, not one per message.
  if (gaveUp.length > 0) await db.transaction((tx) => noticeSenders(tx, gaveUp));
  return report;
}

/** "3 days", "36 hours": the retry window, for a message. */
export function describeWindow(ms = retryWindowMs()): string {
  const hours = Math.round(ms / 3_600_000);
  return hours % 24 === 0 ? `${hours / 24} ${hours === 24 ? 'day' : 'days'}` : `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
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
  return rows.map((row) => ({ id: row.id, to: row.toAddress, subject: row.subject, html: row.html, text: row.text, status: mailStatusLabel(row).label, createdAt: row.createdAt.toISOString() }));
}
