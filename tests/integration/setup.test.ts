import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { accounts, auditLog, membershipRoles, memberships, roles, users } from '@/db/schema';
import { verifyPassword } from '@/lib/auth/password-hash';
import { DalError } from '@/lib/dal/core/errors';
import { completeSetup, isSetupComplete, resetSetupCache } from '@/lib/dal/setup/complete-setup';
import { meta } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const input = {
  accountName: 'Acme',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@acme.test',
  password: 'correct horse battery staple',
  confirmPassword: 'correct horse battery staple',
};

describe('first-run setup', () => {
  it('is required on an empty database', async () => {
    expect(await isSetupComplete()).toBe(false);
  });

  it('creates the account, its four built-in roles and its Owner, with an audit entry', async () => {
    const { accountId, userId } = await completeSetup(input, meta());
    const db = await getDb();
    const builtins = await db.select({ key: roles.builtinKey, name: roles.name }).from(roles).where(eq(roles.accountId, accountId));
    expect(builtins.map((role) => role.key).sort()).toEqual(['admin', 'guest', 'owner', 'user']);

    const [owner] = await db
      .select({ status: memberships.status, role: roles.builtinKey, hash: users.passwordHash })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(membershipRoles, eq(membershipRoles.membershipId, memberships.id))
      .innerJoin(roles, eq(roles.id, membershipRoles.roleId))
      .where(eq(memberships.userId, userId));
    expect(owner).toMatchObject({ status: 'active', role: 'owner' });
    expect(owner!.hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(owner!.hash, input.password)).toBe(true);

    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'account.setup'));
    expect(audit).toMatchObject({ accountId, actorUserId: userId, actorName: 'Ada Lovelace', ip: '203.0.113.10' });
    resetSetupCache();
    expect(await isSetupComplete()).toBe(true);
  });

  it('refuses to run again once an account exists', async () => {
    await expect(completeSetup({ ...input, email: 'mallory@acme.test' }, meta())).rejects.toThrow(DalError);
    const db = await getDb();
    expect(await db.select().from(accounts)).toHaveLength(1);
    expect(await db.select().from(users).where(eq(users.email, 'mallory@acme.test'))).toHaveLength(0);
  });
});

describe('two first-run submissions at once', () => {
  withTestDatabase();

  it('create exactly one account', async () => {
    const results = await Promise.allSettled([
      completeSetup({ ...input, email: 'one@acme.test' }, meta()),
      completeSetup({ ...input, email: 'two@acme.test' }, meta()),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const db = await getDb();
    expect(await db.select().from(accounts)).toHaveLength(1);
    expect(await db.select().from(users)).toHaveLength(1);
  });
});
