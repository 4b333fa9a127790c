import 'server-only';
import { getDb } from '@/db/client';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { hashPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { assertCredentialsManagedHere } from '@/lib/dal/sessions/credentials-owner';
import { assertMayChange, targetMembership } from './target-membership';
import { storePasswordEndingSessions } from '@/lib/dal/sessions/member-sessions';

/**
 * Sets another member's password (the Change password widget). Needs users.passwords (Owner by default);
 * refuses a non-Owner acting on an Owner, and a login this account does not own alone (lib/dal/sessions/credentials-owner.ts). The password policy is checked by the caller's schema. Every
 * session of that person ends: a password is theirs in every account.
 */
export async function setMemberPassword(actor: Actor, membershipId: string, password: string, meta?: RequestMeta): Promise<{ sessionsEnded: number }> {
  await requirePermission(actor, 'users.passwords');
  const target = await targetMembership(actor, membershipId);
  await assertMayChange(actor, target);
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    await assertCredentialsManagedHere(tx, actor.accountId, target.userId, target.label);
    const ended = await storePasswordEndingSessions(tx, target.userId, passwordHash, at);
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'member.password_set',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      after: { sessionsEnded: ended },
      meta,
    });
    return { sessionsEnded: ended };
  });
}
