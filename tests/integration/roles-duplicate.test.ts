import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRoleAction, duplicateRoleAction } from '@/app/(app)/settings/roles/actions';
import { getDb } from '@/db/client';
import { auditLog, roles } from '@/db/schema';
import { ALL_PRIVILEGES } from '@/lib/access/resolver';
import { getRole } from '@/lib/dal/roles/list-roles';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { withTestAuthSecret } from '../support/auth-secret';
import { createAccount, createMember, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestAuthSecret();
withTestDatabase();

let account: Account;
let owner: Member;
let admin: Member;
let plainUser: Member;

beforeAll(async () => {
  account = await createAccount('Copy Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  admin = await createMember(account.accountId, { role: 'admin' });
  plainUser = await createMember(account.accountId, { role: 'user' });
});

async function ownerRole(name: string, baseRoleId: string, permissions: string[], privileges = '') {
  await actAs(owner.email);
  const created = await createRoleAction({ name, description: `${name} people`, baseRoleId, permissions, privileges });
  if (!created.ok) throw new Error(created.message);
  return created.data.id;
}

describe('duplicating a role', () => {
  it('copies a custom role with its base, description, permissions and privileges under a free “Copy of …” name', async () => {
    const id = await ownerRole('Salesperson', account.roleIds.user, ['insight.view'], 'report.export app.crm');
    await actAs(owner.email);
    const copy = await duplicateRoleAction({ roleId: id });
    expect(copy).toMatchObject({ ok: true, data: { name: 'Copy of Salesperson', notCopied: [] } });
    if (!copy.ok) return;
    const view = await getRole(actorOf(owner), copy.data.id);
    expect(view).toMatchObject({ baseRoleId: account.roleIds.user, description: 'Salesperson people', ownPermissions: ['insight.view'], privileges: ['app.crm', 'report.export'], builtinKey: null });

    // The next copy gets the next free name; a chosen name is used as given.
    expect(await duplicateRoleAction({ roleId: id })).toMatchObject({ ok: true, data: { name: 'Copy of Salesperson (2)' } });
    expect(await duplicateRoleAction({ roleId: id, name: 'Field sales' })).toMatchObject({ ok: true, data: { name: 'Field sales' } });
  });

  it('copies a built-in role into an adjustable custom role based on the built-in role below it', async () => {
    await actAs(owner.email);
    const copy = await duplicateRoleAction({ roleId: account.roleIds.admin });
    expect(copy).toMatchObject({ ok: true, data: { name: 'Copy of Admin', notCopied: [] } });
    if (!copy.ok) return;
    const [view, original] = await Promise.all([getRole(actorOf(owner), copy.data.id), getRole(actorOf(owner), account.roleIds.admin)]);
    expect(view.baseRoleId).toBe(account.roleIds.user);
    expect(view.ownPermissions).toContain('users.manage');
    expect(view.ownPermissions).not.toContain('crm.view');
    expect(view.effectivePermissions).toEqual(original.effectivePermissions);
  });

  it('an Owner’s copy of Owner holds every permission but not “every custom privilege”, which no custom role can hold', async () => {
    await actAs(owner.email);
    const copy = await duplicateRoleAction({ roleId: account.roleIds.owner, name: 'Owner twin' });
    expect(copy).toMatchObject({ ok: true, data: { notCopied: [], everyPrivilegeDropped: true } });
    if (!copy.ok) return;
    const [view, original] = await Promise.all([getRole(actorOf(owner), copy.data.id), getRole(actorOf(owner), account.roleIds.owner)]);
    expect(view.effectivePermissions).toEqual(original.effectivePermissions);
    expect(view.effectivePrivileges).toEqual([]);
  });

  it('never escalates: an Admin’s copy of Owner leaves out what the Admin lacks, and says so', async () => {
    await actAs(admin.email);
    const copy = await duplicateRoleAction({ roleId: account.roleIds.owner });
    expect(copy).toMatchObject({ ok: true, data: { name: 'Copy of Owner' } });
    if (!copy.ok) return;
    expect(copy.data.notCopied).toEqual(expect.arrayContaining(['users.passwords', 'webchat.manage', 'mailboxes.private']));
    expect(copy.data.everyPrivilegeDropped).toBe(true);
    const view = await getRole(actorOf(owner), copy.data.id);
    expect(view.baseRoleId).toBe(account.roleIds.admin);
    expect(view.effectivePermissions).not.toContain('users.passwords');
    expect(view.effectivePrivileges).toEqual([]);
  });

  it('replaces a base beyond the actor with the nearest role they may assign, and leaves out privileges they lack', async () => {
    const id = await ownerRole('Deputy', account.roleIds.owner, [], 'report.export');
    await actAs(admin.email);
    const copy = await duplicateRoleAction({ roleId: id });
    expect(copy).toMatchObject({ ok: true, data: { notCopied: expect.arrayContaining(['report.export', 'users.passwords']) } });
    if (!copy.ok) return;
    const view = await getRole(actorOf(owner), copy.data.id);
    expect(view.baseRoleId).toBe(account.roleIds.admin);
    expect(view.privileges).toEqual([]);
  });

  it('records the copy in the audit log with where it came from and what was left out', async () => {
    await actAs(admin.email);
    const copy = await duplicateRoleAction({ roleId: account.roleIds.owner, name: 'Owner-ish' });
    if (!copy.ok) throw new Error(copy.message);
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'role.created'), eq(auditLog.targetId, copy.data.id)));
    expect(entry).toMatchObject({ actorUserId: admin.userId, targetLabel: 'Owner-ish', before: null });
    expect(entry!.after).toMatchObject({ copiedFrom: { id: account.roleIds.owner, name: 'Owner' }, notCopied: expect.arrayContaining(['users.passwords', ALL_PRIVILEGES]), baseRoleId: account.roleIds.admin });
  });

  it('refuses a member without roles.manage, a taken name, and another account’s role, writing nothing', async () => {
    const other = await createAccount('Other Copy Ltd');
    const db = await getDb();
    const before = await db.select({ id: roles.id }).from(roles).where(eq(roles.accountId, account.accountId));

    await actAs(plainUser.email);
    expect(await duplicateRoleAction({ roleId: account.roleIds.user })).toMatchObject({ ok: false, code: 'forbidden' });
    await actAs(owner.email);
    expect(await duplicateRoleAction({ roleId: account.roleIds.user, name: 'admin' })).toMatchObject({ ok: false, code: 'conflict', fieldErrors: { name: 'That name is taken.' } });
    expect(await duplicateRoleAction({ roleId: other.roleIds.user })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await duplicateRoleAction({ roleId: account.roleIds.user, name: '   ' })).toMatchObject({ ok: false, code: 'invalid' });

    const after = await db.select({ id: roles.id }).from(roles).where(eq(roles.accountId, account.accountId));
    expect(after).toHaveLength(before.length);
  });
});
