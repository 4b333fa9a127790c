import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { auditLog, type NewAuditEntry } from '@/db/schema';
import type { RequestMeta } from '@/lib/http/client';

export type AuditInput = Omit<NewAuditEntry, 'id' | 'createdAt' | 'ip' | 'userAgent'> & { meta?: RequestMeta };

/** Writes one audit entry inside the caller's transaction, so it lands with the change or not at all. */
export async function recordAudit(tx: Tx, { meta, ...entry }: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, ip: meta?.ip ?? null, userAgent: meta?.userAgent ?? null });
}

export interface SignInEvent {
  at: Date;
  succeeded: boolean;
  ip: string | null;
  userAgent: string | null;
  reason: string | null;
}

/** The signed-in person's own recent sign-ins and failed attempts. Needs only a session: it is their own data. */
export async function listMyRecentSignIns(userId: string, limit = 8): Promise<SignInEvent[]> {
  const db = await getDb();
  const rows = await db
    .select({
      action: auditLog.action,
      createdAt: auditLog.createdAt,
      ip: auditLog.ip,
      userAgent: auditLog.userAgent,
      after: auditLog.after,
    })
    .from(auditLog)
    .where(and(eq(auditLog.actorUserId, userId), inArray(auditLog.action, ['auth.sign_in', 'auth.sign_in_failed'])))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map((row) => ({
    at: row.createdAt,
    succeeded: row.action === 'auth.sign_in',
    ip: row.ip,
    userAgent: row.userAgent,
    reason: (row.after as { reason?: string } | null)?.reason ?? null,
  }));
}
