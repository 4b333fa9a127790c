import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';

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
    .where(and(eq(auditLog.actorUserId, userId), inArray(auditLog.action, ['auth.sign_in', 'auth.sign_in_failed'] satisfies AuditAction[])))
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
