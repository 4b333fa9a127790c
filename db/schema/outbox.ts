import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt } from './columns';

export const outboxStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
export const outboxStatus = pgEnum('outbox_status', outboxStatuses);

/**
 * Mail to send, written in the same transaction as the change it announces, so it is never lost; the
 * worker delivers it. `idempotency_key` is stable per message: a retry after a crash cannot send twice.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid().references(() => accounts.id, { onDelete: 'cascade' }),
    /** What the mail is about, e.g. `invitation:<id>` or `activation:<membership id>`. */
    subjectRef: text().notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    idempotencyKey: text().notNull(),
    /**
     * Bulk mail goes out through Resend's batch endpoint: every message of one batch names the batch's
     * first message (which names itself). The batch is claimed, sent and settled as one, under the key
     * `<first message's idempotency key>-batch`, so a retry after a crash sends exactly the same batch
     * again and Resend delivers it once. Null: sent on its own.
     */
    batchId: uuid(),
    status: outboxStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** While `sending`: until when this worker holds it; after that another may take it over. */
    lockedUntil: timestamp({ withTimezone: true }),
    /**
     * While `sending`: the claim that holds it, new at every claim. Every renewal and settle names it, so a
     * worker whose lease ran out (and was taken over) can no longer change the message.
     */
    leaseToken: uuid(),
    /** When it was queued (or queued again by "Retry all failed"): retries stop MAIL_RETRY_FOR_HOURS after it. */
    queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    providerId: text(),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('mail_outbox_idempotency_key_unique').on(t.idempotencyKey),
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_subject_idx').on(t.subjectRef),
    index('mail_outbox_batch_idx').on(t.batchId),
    // Renewals and settles find a round's messages by their lease.
    index('mail_outbox_lease_idx').on(t.leaseToken).where(sql`${t.leaseToken} is not null`),
    check('mail_outbox_attempts_nonnegative', sql`${t.attempts} >= 0`),
  ],
);

/** Every delivery attempt, for the Invites tab's status and for diagnosis. */
export const mailAttempts = pgTable(
  'mail_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    outboxId: uuid()
      .notNull()
      .references(() => mailOutbox.id, { onDelete: 'cascade' }),
    attemptedAt: createdAt(),
    outcome: text().notNull(),
    statusCode: integer(),
    detail: jsonb(),
  },
  (t) => [index('mail_attempts_outbox_idx').on(t.outboxId)],
);

export type OutboxMessage = typeof mailOutbox.$inferSelect;
