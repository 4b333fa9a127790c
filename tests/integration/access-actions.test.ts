import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRoleAction, deleteRoleAction, updateRoleAction } from '@/app/(app)/settings/roles/actions';
import { setMemberOverridesAction, setMemberRolesAction } from '@/app/(app)/settings/users/actions';
import { GET as explainRoute } from '@/app/(app)/settings/users/explain/route';
import { getDb } from '@/db/client';
import { auditLog, roles } from '@/db/schema';
import { decideGate } from '@/lib/auth/gate';
import { actAs } from '../support/acting-as';
import { readRoute } from '../support/read-route';
import { withTestAuthSecret } from '../support/auth-secret';
import { encodeSessionCookie } from '../support/cookies';
import { createAccount, createMember, type Account, type Member } from '../support/factories';
import { signInOrThrow } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

const explainPermission = (query: { membershipId: string; permission: string }) => readRoute(explainRoute, '/settings/users/explain', query);

withTestAuthSecret();
withTestDatabase();

let account: Account;
let owner: Member;
let admin: Member;
let plainUser: Member;
let other: Account;

beforeAll(async () => {
  account = await createAccount('Access Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  admin = await createMember(account.accountId, { role: 'admin' });
  plainUser = await createMember(account.accountId, { role: 'user' });
  other = await createAccount('Elsewhere Ltd');
});

/** What the member's next request through middleware.ts gets for this path. */
async function nextRequest(email: string, path: string) {
  const { sessionId } = await signInOrThrow(email);
  const cookie = await encodeSessionCookie({ sid: sessionId });
  return (await decideGate(path, cookie)).kind;
}

async function salesperson() {
  await actAs(owner.email);
  const created = await createRoleAction({
    name: `Salesperson ${Math.random().toString(36).slice(2, 6)}`,
    baseRoleId: account.roleIds.user,
    permissions: ['insight.view'],
    privileges: 'report.export, app.crm users.manage',
  });
  if (!created.ok) throw new Error(created.message);
  return created.data;
}

describe('custom roles through the server actions', () => {
  it('an Admin creates a role based on User plus Insight, but cannot hand out a custom privilege they do not hold', async () => {
    await actAs(admin.email);
    expect(await createRoleAction({ name: 'Analyst', baseRoleId: account.roleIds.user, permissions: ['insight.view'] })).toMatchObject({ ok: true });
    expect(await createRoleAction({ name: 'Exporter', baseRoleId: account.roleIds.user, privileges: 'report.export' })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('report.export'),
    });
  });

  it('Salesperson (User + Insight + privileges): its member opens Insight, and a privilege named like a system permission is flagged and grants nothing', async () => {
    const role = await salesperson();
    expect(role.shadowed).toEqual(['users.manage']);
    const member = await createMember(account.accountId, { role: 'user' });
    await actAs(admin.email);
    // The role carries privileges the Admin does not hold: assigning it would hand them out.
    expect(await setMemberRolesAction({ membershipId: member.membershipId, roleIds: [role.id] })).toMatchObject({ ok: false, code: 'forbidden' });
    await actAs(owner.email);
    expect(await setMemberRolesAction({ membershipId: member.membershipId, roleIds: [role.id] })).toEqual({ ok: true, data: null });
    expect(await nextRequest(member.email, '/insight')).toBe('pass');
    expect(await nextRequest(member.email, '/crm')).toBe('pass');
    expect(await nextRequest(member.email, '/settings/users')).toBe('forbidden');
    const shadow = await explainPermission({ membershipId: member.membershipId, permission: 'users.manage' });
    expect(shadow).toMatchObject({ ok: true, data: { granted: false, shadowedPrivilegeIn: { id: role.id } } });
  });

  it('a permission removed from a role is refused on the member’s very next request', async () => {
    const role = await salesperson();
    const member = await createMember(account.accountId, { role: 'user' });
    await actAs(owner.email);
    await setMemberRolesAction({ membershipId: member.membershipId, roleIds: [role.id] });
    expect(await nextRequest(member.email, '/insight')).toBe('pass');

    const db = await getDb();
    const [row] = await db.select({ name: roles.name, version: roles.version }).from(roles).where(eq(roles.id, role.id));
    const saved = await updateRoleAction({ roleId: role.id, version: row!.version, name: row!.name, baseRoleId: account.roleIds.user, permissions: [], privileges: 'report.export' });
    expect(saved).toMatchObject({ ok: true, data: { version: row!.version + 1 } });
    expect(await nextRequest(member.email, '/insight')).toBe('forbidden');
  });

  it('records the change with before and after in the audit log', async () => {
    const role = await salesperson();
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'role.created'), eq(auditLog.targetId, role.id)));
    expect(entry).toMatchObject({ accountId: account.accountId, actorUserId: owner.userId, ip: '203.0.113.99' });
    expect(entry!.after).toMatchObject({ permissions: ['insight.view'], privileges: ['report.export', 'app.crm', 'users.manage'] });
  });

  it('refuses a member without roles.manage', async () => {
    await actAs(plainUser.email);
    expect(await createRoleAction({ name: 'Sneaky', baseRoleId: account.roleIds.user, permissions: [] })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('refuses an Admin a role with a permission beyond their own, and escalation through a base role', async () => {
    await actAs(admin.email);
    const direct = await createRoleAction({ name: 'Chat boss', baseRoleId: account.roleIds.user, permissions: ['webchat.manage'] });
    expect(direct).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('webchat.manage') });
    const viaBase = await createRoleAction({ name: 'Owner lite', baseRoleId: account.roleIds.owner, permissions: [] });
    expect(viaBase).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords') });
  });

  it('refuses a base role from another account', async () => {
    await actAs(owner.email);
    expect(await createRoleAction({ name: 'Foreign', baseRoleId: other.roleIds.user })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('refuses a cycle and a chain deeper than 10, with a clear message', async () => {
    await actAs(owner.email);
    let base = account.roleIds.user;
    const chain: string[] = [];
    for (let level = 1; level <= 10; level += 1) {
      const created = await createRoleAction({ name: `Depth ${level}`, baseRoleId: base });
      if (!created.ok) throw new Error(created.message);
      chain.push(created.data.id);
      base = created.data.id;
    }
    expect(await createRoleAction({ name: 'Depth 11', baseRoleId: base })).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('limit is 10') });

    const db = await getDb();
    const [first] = await db.select({ version: roles.version }).from(roles).where(eq(roles.id, chain[0]!));
    const cycle = await updateRoleAction({ roleId: chain[0], version: first!.version, name: 'Depth 1', baseRoleId: chain[3], permissions: [] });
    expect(cycle).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('circle') });
  });

  it('refuses a stale save: the second of two editors is told, and nothing of theirs is written', async () => {
    const role = await salesperson();
    await actAs(admin.email);
    const db = await getDb();
    const [row] = await db.select({ name: roles.name, version: roles.version }).from(roles).where(eq(roles.id, role.id));
    // The Admin lacks the role's privileges but leaves them as they are: allowed.
    const privileges = 'report.export app.crm users.manage';
    const first = await updateRoleAction({ roleId: role.id, version: row!.version, name: row!.name, baseRoleId: account.roleIds.user, permissions: ['insight.view', 'reports.view'], privileges });
    expect(first).toMatchObject({ ok: true });
    const dropping = await updateRoleAction({ roleId: role.id, version: row!.version + 1, name: row!.name, baseRoleId: account.roleIds.user, permissions: ['insight.view'], privileges: 'app.crm' });
    expect(dropping).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('report.export') });
    const second = await updateRoleAction({ roleId: role.id, version: row!.version, name: 'Renamed', baseRoleId: account.roleIds.user, permissions: [] });
    expect(second).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('Someone else changed this role') });
    const [after] = await db.select({ name: roles.name }).from(roles).where(eq(roles.id, role.id));
    expect(after!.name).toBe(row!.name);
  });

  it('refuses editing or deleting a built-in role, a duplicate name, and deleting a role in use', async () => {
    await actAs(owner.email);
    expect(await updateRoleAction({ roleId: account.roleIds.user, version: 1, name: 'User', baseRoleId: account.roleIds.guest, permissions: [] })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await deleteRoleAction({ roleId: account.roleIds.guest })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await createRoleAction({ name: 'admin', baseRoleId: account.roleIds.user })).toMatchObject({ ok: false, code: 'conflict' });

    const role = await salesperson();
    const member = await createMember(account.accountId);
    await actAs(owner.email);
    await setMemberRolesAction({ membershipId: member.membershipId, roleIds: [role.id] });
    expect(await deleteRoleAction({ roleId: role.id })).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('1 member holds it') });
  });

  it('refuses malformed privilege names and unknown permissions with the reason', async () => {
    await actAs(owner.email);
    expect(await createRoleAction({ name: 'Bad', baseRoleId: account.roleIds.user, privileges: 'Report.Export, ok.name' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { privileges: expect.stringContaining('Report.Export') },
    });
    expect(await createRoleAction({ name: 'Bad', baseRoleId: account.roleIds.user, permissions: ['crm.fly'] })).toMatchObject({ ok: false, code: 'invalid' });
  });
});

describe('assigning roles and overrides through the server actions', () => {
  it('refuses an Admin assigning the Owner role, and changing an Owner’s membership', async () => {
    const member = await createMember(account.accountId);
    await actAs(admin.email);
    expect(await setMemberRolesAction({ membershipId: member.membershipId, roleIds: [account.roleIds.owner] })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await setMemberRolesAction({ membershipId: owner.membershipId, roleIds: [account.roleIds.user] })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await setMemberOverridesAction({ membershipId: owner.membershipId, denies: ['crm.view'] })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('refuses removing the last active Owner, and allows it once there is another', async () => {
    const solo = await createAccount('Solo Ltd');
    const onlyOwner = await createMember(solo.accountId, { role: 'owner' });
    await actAs(onlyOwner.email);
    expect(await setMemberRolesAction({ membershipId: onlyOwner.membershipId, roleIds: [solo.roleIds.admin] })).toMatchObject({
      ok: false,
      code: 'conflict',
      message: expect.stringContaining('at least one active Owner'),
    });
    const second = await createMember(solo.accountId, { role: 'owner' });
    expect(second.membershipId).toBeTruthy();
    expect(await setMemberRolesAction({ membershipId: onlyOwner.membershipId, roleIds: [solo.roleIds.admin] })).toEqual({ ok: true, data: null });
  });

  it('refuses another account’s member and another account’s role as not found / invalid', async () => {
    const stranger = await createMember(other.accountId);
    await actAs(owner.email);
    expect(await setMemberRolesAction({ membershipId: stranger.membershipId, roleIds: [account.roleIds.user] })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await setMemberRolesAction({ membershipId: plainUser.membershipId, roleIds: [other.roleIds.user] })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('a hidden module and a denied permission take effect on the next request; a grant beyond the actor is refused', async () => {
    const member = await createMember(account.accountId);
    await actAs(admin.email);
    expect(await setMemberOverridesAction({ membershipId: member.membershipId, grants: ['webchat.manage'] })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await setMemberOverridesAction({ membershipId: member.membershipId, grants: ['crm.view'], denies: ['crm.view'] })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await setMemberOverridesAction({ membershipId: member.membershipId, hiddenModules: ['crm'], grants: ['insight.view'], denies: ['mail.view'] })).toEqual({ ok: true, data: null });
    expect(await nextRequest(member.email, '/crm')).toBe('forbidden');
    expect(await nextRequest(member.email, '/mail')).toBe('forbidden');
    expect(await nextRequest(member.email, '/insight')).toBe('pass');
    expect(await nextRequest(member.email, '/tasks')).toBe('pass');

    const explained = await explainPermission({ membershipId: member.membershipId, permission: 'crm.edit' });
    expect(explained).toEqual({ ok: true, data: { granted: false, source: 'hidden-module', module: 'crm' } });
    const path = await explainPermission({ membershipId: member.membershipId, permission: 'tasks.view' });
    expect(path).toMatchObject({ ok: true, data: { granted: true, source: 'role', path: [{ name: 'User' }] } });
  });

  it('refuses overrides and explanations to a member without users.manage', async () => {
    await actAs(plainUser.email);
    expect(await setMemberOverridesAction({ membershipId: plainUser.membershipId, grants: ['crm.delete'] })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await explainPermission({ membershipId: admin.membershipId, permission: 'crm.view' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await explainPermission({ membershipId: plainUser.membershipId, permission: 'crm.view' })).toMatchObject({ ok: true });
  });
});
