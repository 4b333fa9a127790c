import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, memberships, roles, users } from '@/db/schema';
import { createAccount, createMember, uniqueEmail } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

/** Drizzle wraps driver errors; the database's own message is on the cause. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return `${(error as Error).message} ${cause?.message ?? ''}`;
  }
  throw new Error('expected the database to refuse');
}

describe('the database enforces the rules itself', () => {
  it('refuses a second login with the same email in another case', async () => {
    const db = await getDb();
    const email = uniqueEmail();
    await db.insert(users).values({ email, firstName: 'A', lastName: '' });
    expect(await failure(db.insert(users).values({ email: email.toUpperCase(), firstName: 'B', lastName: '' }))).toMatch(/users_email_lower_unique/);
  });

  it('refuses a malformed email and an empty first name', async () => {
    const db = await getDb();
    expect(await failure(db.insert(users).values({ email: 'no-at-sign', firstName: 'A', lastName: '' }))).toMatch(/users_email_shape/);
    expect(await failure(db.insert(users).values({ email: uniqueEmail(), firstName: '', lastName: '' }))).toMatch(/users_first_name_length/);
  });

  it('refuses a second membership of one person in one account', async () => {
    const { accountId } = await createAccount();
    const { userId } = await createMember(accountId);
    const db = await getDb();
    expect(await failure(db.insert(memberships).values({ accountId, userId }))).toMatch(/memberships_account_user_unique/);
  });

  it('refuses a custom role without a base, a built-in role with one, and a role based on itself', async () => {
    const { accountId, roleIds } = await createAccount();
    const db = await getDb();
    expect(await failure(db.insert(roles).values({ accountId, name: 'Loose' }))).toMatch(/roles_builtin_xor_base/);
    expect(await failure(db.insert(roles).values({ accountId, name: 'Odd', builtinKey: 'user', baseRoleId: roleIds.user }))).toMatch(/roles_/);
    const [custom] = await db.insert(roles).values({ accountId, name: 'Sales', baseRoleId: roleIds.user }).returning();
    expect(await failure(db.update(roles).set({ baseRoleId: custom!.id }).where(eq(roles.id, custom!.id)))).toMatch(/roles_not_own_base/);
    expect(await failure(db.insert(roles).values({ accountId, name: 'sales', baseRoleId: roleIds.user }))).toMatch(/roles_account_name_unique/);
  });

  it('keeps the audit log append-only', async () => {
    const db = await getDb();
    const [entry] = await db.insert(auditLog).values({ action: 'test.event' }).returning({ id: auditLog.id });
    expect(await failure(db.update(auditLog).set({ action: 'rewritten' }).where(eq(auditLog.id, entry!.id)))).toMatch(/append-only/);
    expect(await failure(db.delete(auditLog).where(eq(auditLog.id, entry!.id)))).toMatch(/append-only/);
    const [still] = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.id, entry!.id));
    expect(still?.action).toBe('test.event');
  });

  it('has the trigram extension the search needs', async () => {
    const db = await getDb();
    const [row] = await db.select({ similarity: sql<number>`similarity('rolecall', 'rolecal')` }).from(sql`(select 1) as one`);
    expect(Number(row?.similarity)).toBeGreaterThan(0.5);
  });
});
