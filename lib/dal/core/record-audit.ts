import 'server-only';
import { type Tx } from '@/db/client';
import { auditLog, type NewAuditEntry } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';
import type { RequestMeta } from '@/lib/http/client';

/** One row of audit_log as the data layer writes it: its action from the catalogue (lib/audit-actions.ts). */
export type AuditRow = Omit<NewAuditEntry, 'action'> & { action: AuditAction };

export type AuditInput = Omit<AuditRow, 'id' | 'createdAt' | 'ip' | 'userAgent'> & { meta?: RequestMeta };

/** Writes one audit entry inside the caller's transaction, so it lands with the change or not at all. */
export async function recordAudit(tx: Tx, { meta, ...entry }: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, ip: meta?.ip ?? null, userAgent: meta?.userAgent ?? null });
}
