import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createRoleAction, updateRoleAction } from '@/app/(app)/settings/roles/actions';
import { getDb } from '@/db/client';
import { auditLog, licencePools, membershipLicences, memberships, roleGrants, roles } from '@/db/schema';
import { setMemberLicence } from '@/lib/dal/licences/assignments';
import { createLicencePool } from '@/lib/dal/licences/pools';
import { licencePoolInputSchema } from '@/lib/validation/licences';
import { hasPermission } from '@/lib/access/catalogue';
import { getMemberAccess, listenForAccessChanges } from '@/lib/access/process-cache';
import { writeAccessChange } from '@/lib/dal/access/write-access-change';
import { setMemberRoles } from '@/lib/dal/members/set-member-access';
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

  it('a seat taken back, or a licence created, in another process bites here on the next check', async () => {
    await listenForAccessChanges();
    const { accountId } = await createAccount();
    const owner = actorOf(await createMember(accountId, { role: 'owner' }), 'Owner');
    const member = await createMember(accountId);
    const { id } = await createLicencePool(owner, licencePoolInputSchema.parse({ key: 'crm.pro', name: 'CRM Pro', seats: 1, modules: ['crm'] }));
    await setMemberLicence(owner, member.membershipId, id, true);
    expect(hasPermission(await getMemberAccess(accountId, member.membershipId), 'crm.view')).toBe(true);

    // "Another process" takes the seat back and announces the member, as the data layer does on commit.
    const database = await getDb();
    await database.transaction(async (tx) => {
      await tx.delete(membershipLicences).where(eq(membershipLicences.membershipId, member.membershipId));
      await tx.execute(sql`select pg_notify('rolecall_access', ${JSON.stringify({ membershipIds: [member.membershipId], from: 'another-process' })})`);
    });
    await eventually(async () => !hasPermission(await getMemberAccess(accountId, member.membershipId), 'crm.view'));

    // It creates a licence gating Forms: announced as the account's change, every member here loses Forms.
    expect(hasPermission(await getMemberAccess(accountId, member.membershipId), 'forms.view')).toBe(true);
    await database.transaction(async (tx) => {
      await tx.insert(licencePools).values({ accountId, key: 'forms', name: 'Forms', seats: 1, modules: ['forms'] });
      await tx.execute(sql`select pg_notify('rolecall_access', ${JSON.stringify({ accountId, from: 'another-process' })})`);
    });
    await eventually(async () => !hasPermission(await getMemberAccess(accountId, member.membershipId), 'forms.view'));
  });

  it('writeAccessChange announces many memberships in slices a NOTIFY can carry, the account once', async () => {
    const payloads: { payload: string; change: { accountId?: string; membershipIds?: string[] } }[] = [];
    await db.handle().listen('rolecall_access', (payload) => payloads.push({ payload, change: JSON.parse(payload) }));
    const { accountId } = await createAccount();
    const owner = await createMember(accountId, { role: 'owner' });
    const ids: string[] = Array.from({ length: 400 }, () => randomUUID());
    await writeAccessChange(actorOf(owner, 'Owner'), { accountId, membershipIds: ids }, ({ audit }) =>
      audit({ action: 'role.updated', targetType: 'role', targetId: accountId, targetLabel: 'Many members' }),
    );
    await eventually(() => new Set(payloads.flatMap((entry) => entry.change.membershipIds ?? [])).size === ids.length);
    const ours = payloads.filter((entry) => entry.change.membershipIds?.some((id) => ids.includes(id)));
    expect(ours).toHaveLength(3);
    expect(ours.every((entry) => Buffer.byteLength(entry.payload) < 8_000)).toBe(true);
    expect(ours.filter((entry) => entry.change.accountId === accountId)).toHaveLength(1);
  });

  it('writeAccessChange refuses a change that records no audit entry, and nothing of it is kept or announced', async () => {
    const payloads: string[] = [];
    await db.handle().listen('rolecall_access', (payload) => payloads.push(payload));
    const { accountId } = await createAccount();
    const owner = await createMember(accountId, { role: 'owner' });
    const member = await createMember(accountId);
    const database = await getDb();
    const auditsBefore = await database.$count(auditLog, eq(auditLog.accountId, accountId));
    const unaudited = writeAccessChange(actorOf(owner, 'Owner'), { membershipIds: [member.membershipId] }, async ({ tx }) => {
      await tx.update(memberships).set({ status: 'deactivated' }).where(eq(memberships.id, member.membershipId));
    });
    await expect(unaudited).rejects.toThrow(/audit log/);
    const [row] = await database.select({ status: memberships.status }).from(memberships).where(eq(memberships.id, member.membershipId));
    expect(row!.status).toBe('active');
    expect(await database.$count(auditLog, eq(auditLog.accountId, accountId))).toBe(auditsBefore);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(payloads.filter((payload) => payload.includes(member.membershipId))).toHaveLength(0);
  });
});
