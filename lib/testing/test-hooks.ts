import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, memberships, roles, users, type BuiltinRoleKey, type MembershipStatus } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { appConfig } from '@/lib/config';
import { DalError } from '@/lib/dal/core/errors';
import { provisionAccount, provisionMember } from '@/lib/dal/setup/provision-account';

function assertEnabled() {
  if (!appConfig.testHooksEnabled) throw new DalError('not_found', 'Not found.');
}

/**
 * E2E only (E2E_TEST_HOOKS=1): sets the status of every membership of one login, standing in for the
 * admin screens a test is not about. Refused when the hooks are off.
 */
export async function setMembershipStatusForTests(email: string, status: MembershipStatus): Promise<number> {
  assertEnabled();
  const db = await getDb();
  const owner = db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  const updated = await db
    .update(memberships)
    .set({ status, updatedAt: new Date() })
    .where(inArray(memberships.userId, owner))
    .returning({ id: memberships.id });
  return updated.length;
}

/**
 * E2E only: adds a member with a password to the account of that name (created when missing), standing
 * in for the invite and add-user flows that later issues build. Refused when the hooks are off.
 */
export async function createMemberForTests(spec: {
  accountName: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role: BuiltinRoleKey;
  roleName?: string;
  status: MembershipStatus;
  accessExpiresAt?: Date | null;
}): Promise<{ userId: string; accountId: string }> {
  assertEnabled();
  const db = await getDb();
  const passwordHash = await hashPassword(spec.password);
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.name, spec.accountName)).limit(1);
    const accountId = found?.id ?? (await provisionAccount(tx, spec.accountName)).accountId;
    const [custom] = spec.roleName
      ? await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.accountId, accountId), eq(roles.name, spec.roleName))).limit(1)
      : [];
    if (spec.roleName && !custom) throw new DalError('not_found', `No role named ${spec.roleName}.`);
    // A membership cannot end before it began: one whose access has already ended began just before.
    const createdAt = spec.accessExpiresAt ? new Date(Math.min(Date.now(), spec.accessExpiresAt.getTime()) - 60_000) : undefined;
    const { userId } = await provisionMember(tx, { ...spec, roleId: custom?.id, accountId, passwordHash, createdAt });
    return { userId, accountId };
  });
}
