import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createRoleAction, updateRoleAction } from '@/app/(app)/settings/roles/actions';
import { getDb } from '@/db/client';
import { roleGrants, roles } from '@/db/schema';
import { hasPermission } from '@/lib/access/catalogue';
import { getMemberAccess, listenForAccessChanges } from '@/lib/access/process-cache';
import { setMemberRoles } from '@/lib/dal/member-access';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

const db = withTestDatabase();

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met in time');
}

describe('access changes across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  it('announces a committed change, and nothing for a refused one', async () => {
    const payloads: { accountId?: string }[] = [];
    await db.handle().listen('rolecall_access', (payload) => payloads.push(JSON.parse(payload)));
    const { accountId, roleIds } = await createAccount();
    const owner = await createMember(accountId, { role: 'owner' });
    await actAs(owner.email);
    const created = await createRoleAction({ name: 'Announced', baseRoleId: roleIds.user, permissions: ['insight.view'] });
    expect(created.ok).toBe(true);
    await eventually(() => payloads.some((payload) => payload.accountId === accountId));

    const before = payloads.length;
    const refused = await updateRoleAction({ roleId: roleIds.user, version: 1, name: 'User', baseRoleId: roleIds.guest });
    expect(refused.ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(payloads.length).toBe(before);
  });

  it('drops this process’s cached access when another process announces a change', async () => {
    await listenForAccessChanges();
    const { accountId, roleIds } = await createAccount();
    const owner = await createMember(accountId, { role: 'owner' });
    const member = await createMember(accountId);
    await actAs(owner.email);
    const created = await createRoleAction({ name: 'Insightful', baseRoleId: roleIds.user, permissions: ['insight.view'] });
    if (!created.ok) throw new Error(created.message);
    await setMemberRoles(actorOf(owner, 'Owner'), member.membershipId, [created.data.id]);
    expect(hasPermission(await getMemberAccess(accountId, member.membershipId), 'insight.view')).toBe(true);

    // "Another process": it writes directly and announces the change, as the data layer does on commit.
    const database = await getDb();
    await database.transaction(async (tx) => {
      await tx.delete(roleGrants).where(and(eq(roleGrants.roleId, created.data.id), eq(roleGrants.name, 'insight.view')));
      await tx.update(roles).set({ version: sql`${roles.version} + 1` }).where(eq(roles.id, created.data.id));
      await tx.execute(sql`select pg_notify('rolecall_access', ${JSON.stringify({ accountId, from: 'another-process' })})`);
    });
    await eventually(async () => !hasPermission(await getMemberAccess(accountId, member.membershipId), 'insight.view'));
  });
});
