import { randomBytes } from 'node:crypto';
import { getDb } from '@/db/client';
import { eq } from 'drizzle-orm';
import { users, type BuiltinRoleKey, type MembershipStatus } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { provisionAccount, provisionMember } from '@/lib/dal/setup/provision-account';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export const uniqueEmail = (prefix = 'person') => `${prefix}.${randomBytes(4).toString('hex')}@example.test`;

export async function createAccount(name = `Account ${randomBytes(3).toString('hex')}`) {
  const db = await getDb();
  return db.transaction((tx) => provisionAccount(tx, name));
}

/** An account as createAccount makes it: its id and the ids of its built-in roles (not the database row). */
export type Account = Awaited<ReturnType<typeof createAccount>>;

export async function createMember(
  accountId: string,
  options: { email?: string; role?: BuiltinRoleKey; status?: MembershipStatus; accessExpiresAt?: Date | null; firstName?: string } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const db = await getDb();
  const email = options.email ?? uniqueEmail();
  const created = await db.transaction((tx) =>
    provisionMember(tx, {
      accountId,
      email,
      passwordHash: null,
      firstName: options.firstName ?? 'Test',
      lastName: 'Person',
      role: options.role ?? 'user',
      status: options.status,
      accessExpiresAt: options.accessExpiresAt,
      createdAt: options.accessExpiresAt ? new Date(Math.min(Date.now(), options.accessExpiresAt.getTime()) - 60_000) : undefined,
    }),
  );
  // Set the password separately, so a person added to a second account keeps theirs.
  await db.update(users).set({ passwordHash: await passwordHash }).where(eq(users.id, created.userId));
  return { ...created, accountId, email };
}

/** A member as createMember makes it: the person's and the membership's ids, its account, and the email to sign in with. */
export type Member = Awaited<ReturnType<typeof createMember>>;

export const meta = (ip = '203.0.113.10') => ({ ip, userAgent: 'vitest' });
