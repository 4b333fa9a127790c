import 'server-only';
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';

/** One limit on how often a person may do something: at most `max` times within `windowMs`. */
export interface SendLimit {
  windowMs: number;
  max: number;
  /** Why they must wait, as one sentence, e.g. "You have asked for 5 codes in the last hour." */
  reason: string;
}

/** Whose entries a limit counts: a person's own, an account's, about one target, or from one address; any of them together. */
export interface EntryScope {
  actorUserId?: string;
  accountId?: string;
  /** Entries about any of these targets. */
  targetIds?: string[];
  /** Entries naming this target, e.g. the email an anonymous request was for. */
  targetLabel?: string;
  /** Entries made from this client address. */
  ip?: string;
}

/**
 * The entries for some actions within a scope since a moment, newest first (at most `limit`). The log is
 * append-only, so counting from it survives anything anyone can change or delete: every send limit
 * (profile links and codes, invitation resends) counts this way.
 */
export async function recentEntries(tx: Tx, scope: EntryScope, actions: AuditAction[], since: Date, limit: number): Promise<{ at: Date; after: unknown; targetId: string | null }[]> {
  const conditions = [inArray(auditLog.action, actions), gt(auditLog.createdAt, since)];
  if (scope.actorUserId) conditions.push(eq(auditLog.actorUserId, scope.actorUserId));
  if (scope.accountId) conditions.push(eq(auditLog.accountId, scope.accountId));
  if (scope.targetIds) conditions.push(inArray(auditLog.targetId, scope.targetIds));
  if (scope.targetLabel !== undefined) conditions.push(eq(auditLog.targetLabel, scope.targetLabel));
  if (scope.ip !== undefined) conditions.push(eq(auditLog.ip, scope.ip));
  return tx
    .select({ at: auditLog.createdAt, after: auditLog.after, targetId: auditLog.targetId })
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}

/** This person's own entries for one action since a moment, newest first (at most `limit`). */
export async function recentOwnEntries(tx: Tx, actorUserId: string, action: AuditAction, since: Date, limit: number): Promise<{ at: Date; after: unknown }[]> {
  return recentEntries(tx, { actorUserId }, [action], since, limit);
}

/** The limit that holds longest given earlier times (newest first), and for how long; null when allowed now. */
export function limitReached(times: Date[], limits: SendLimit[], at: Date): { reason: string; waitMs: number } | null {
  let worst: { reason: string; waitMs: number } | null = null;
  for (const limit of limits) {
    const inWindow = times.filter((time) => time.getTime() > at.getTime() - limit.windowMs);
    if (inWindow.length < limit.max) continue;
    // Once the max-th most recent leaves the window, fewer than `max` remain.
    const waitMs = inWindow[limit.max - 1]!.getTime() + limit.windowMs - at.getTime();
    if (!worst || waitMs > worst.waitMs) worst = { reason: limit.reason, waitMs };
  }
  return worst;
}

/** "in 25 seconds", "in 14 minutes", "in 3 hours": a wait, rounded up, for a message. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.ceil(minutes / 60);
  return `in ${hours} hours`;
}
