import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/**
 * The append-only audit log. No foreign keys on purpose: entries outlive the users, accounts and roles they
 * name, so names are copied in at write time. A trigger (migration 0001) refuses UPDATE and DELETE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    accountId: uuid(),
    actorUserId: uuid(),
    actorName: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    targetLabel: text(),
    ip: text(),
    userAgent: text(),
    before: jsonb(),
    after: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_account_time_idx').on(t.accountId, t.createdAt),
    index('audit_log_actor_time_idx').on(t.actorUserId, t.createdAt),
    // The forgotten-password limits count anonymous requests per email and per client address (lib/dal/sessions/reset-password.ts).
    index('audit_log_reset_email_time_idx').on(t.targetLabel, t.createdAt).where(sql`${t.action} = 'auth.password_reset_requested'`),
    index('audit_log_reset_ip_time_idx').on(t.ip, t.createdAt).where(sql`${t.action} = 'auth.password_reset_requested'`),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
