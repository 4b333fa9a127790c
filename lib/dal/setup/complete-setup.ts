import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import type { RequestMeta } from '@/lib/http/client';
import type { SetupInput } from '@/lib/validation/auth';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { provisionAccount, provisionMember } from './provision-account';

const globalForSetup = globalThis as unknown as { __rolecallSetupDone?: boolean };
const SETUP_LOCK_KEY = 727_002;

/** True once the first account exists. Cached once true: an account is never un-created by setup. */
export async function isSetupComplete(): Promise<boolean> {
  if (globalForSetup.__rolecallSetupDone) return true;
  const db = await getDb();
  const [row] = await db.select({ id: accounts.id }).from(accounts).limit(1);
  if (row) globalForSetup.__rolecallSetupDone = true;
  return Boolean(row);
}

/** Forgets the cached answer (tests that start a fresh database). */
export function resetSetupCache(): void {
  globalForSetup.__rolecallSetupDone = undefined;
}

/**
 * First run: creates the account, its built-in roles and its Owner. Open to anonymous visitors only while
 * no account exists; refuses (conflict) once one does, even when two visitors submit at once.
 */
export async function completeSetup(input: SetupInput, meta: RequestMeta): Promise<{ userId: string; accountId: string }> {
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    const [existing] = await tx.select({ id: accounts.id }).from(accounts).limit(1);
    if (existing) throw new DalError('conflict', 'Rolecall is already set up. Sign in instead.');

    const { accountId } = await provisionAccount(tx, input.accountName);
    const { userId } = await provisionMember(tx, {
      accountId,
      email: input.email,
      passwordHash,
      firstName: input.firstName,
      lastName: input.lastName,
      role: 'owner',
    });
    await recordAudit(tx, {
      accountId: accountId,
      actorUserId: userId,
      actorName: `${input.firstName} ${input.lastName}`.trim(),
      action: 'account.setup',
      targetType: 'account',
      targetId: accountId,
      targetLabel: input.accountName,
      after: { accountName: input.accountName, ownerEmail: input.email },
      meta,
    });
    return { userId, accountId };
  });
  globalForSetup.__rolecallSetupDone = true;
  return result;
}
