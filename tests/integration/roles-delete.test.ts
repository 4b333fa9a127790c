import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { inviteAction, revokeInvitationAction } from '@/app/(app)/settings/invites/actions';
import { createRoleAction, deleteRoleAction, updateRoleAction } from '@/app/(app)/settings/roles/actions';
import { getDb } from '@/db/client';
import { auditLog, invitations, mailOutbox, membershipRoles, roles } from '@/db/schema';
import { hasPermission } from '@/lib/access/catalogue';
import { accessCache, getMemberAccess } from '@/lib/access/process-cache';
import { holds } from '@/lib/access/resolver';
import { acceptInvitation, lookUpInvitation } from '@/lib/dal/invitations/accept-invitation';
import { listInvitations } from '@/lib/dal/invitations/list-invitations';
import { inviteQuerySchema } from '@/lib/validation/invites-query';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { withTestAuthSecret } from '../support/auth-secret';
import { createAccount, createMember, meta, uniqueEmail, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

// Lets a test make the last write of a delete fail, to prove the whole move is rolled back with it.
const failing = vi.hoisted(() => ({ action: null as string | null }));
vi.mock('@/lib/dal/core/record-audit', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/dal/core/record-audit')>();
  return {
    ...actual,
    recordAudit: async (...args: Parameters<typeof actual.recordAudit>) => {
      if (failing.action && args[1].action === failing.action) throw new Error('the database went away');
      return actual.recordAudit(...args);
    },
  };
});

withTestAuthSecret();
withTestDatabase();

let account: Account;
let owner: Member;
let admin: Member;

beforeAll(async () => {
  account = await createAccount('Move Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  admin = await createMember(account.accountId, { role: 'admin' });
});

beforeEach(() => {
  failing.action = null;
});

let counter = 0;
async function role(baseRoleId: string, permissions: string[] = [], privileges = '', name = `Role ${(counter += 1)}`) {
  await actAs(owner.email);
  const created = await createRoleAction({ name, baseRoleId, permissions, privileges });
  if (!created.ok) throw new Error(created.message);
  return created.data.id;
}

/** Replaces a member's roles directly (the Member-of widget is not what these tests are about). */
async function give(membershipId: string, roleIds: string[]) {
  const db = await getDb();
  await db.delete(membershipRoles).where(eq(membershipRoles.membershipId, membershipId));
  await db.insert(membershipRoles).values(roleIds.map((roleId) => ({ membershipId, roleId })));
  accessCache().invalidateMember(membershipId);
}

async function rolesOf(membershipId: string) {
  const db = await getDb();
  return (await db.select({ roleId: membershipRoles.roleId }).from(membershipRoles).where(eq(membershipRoles.membershipId, membershipId))).map((row) => row.roleId).sort();
}

async function roleRow(id: string) {
  const db = await getDb();
  const [row] = await db.select({ id: roles.id, name: roles.name, baseRoleId: roles.baseRoleId, version: roles.version }).from(roles).where(eq(roles.id, id));
  return row;
}

/** A role in use: Salesperson (User + Insight) held by two members, with Closer based on it and Senior closer on Closer. */
async function roleInUse() {
  const sales = await role(account.roleIds.user, ['insight.view'], 'report.export', `Salesperson ${(counter += 1)}`);
  const closer = await role(sales, ['crm.delete'], '', `Closer ${(counter += 1)}`);
  const senior = await role(closer, ['reports.view'], '', `Senior closer ${(counter += 1)}`);
  const ann = await createMember(account.accountId, { firstName: 'Ann' });
  const bo = await createMember(account.accountId, { firstName: 'Bo' });
  await give(ann.membershipId, [sales]);
  await give(bo.membershipId, [sales, account.roleIds.guest]);
  return { sales, closer, senior, ann, bo };
}

describe('deleting a role that is in use', () => {
  it('without a move, is refused naming the members and the roles based on it, and nothing changes', async () => {
    const { sales, closer } = await roleInUse();
    const closerName = (await roleRow(closer))!.name;
    await actAs(owner.email);
    const refused = await deleteRoleAction({ roleId: sales });
    expect(refused).toMatchObject({ ok: false, code: 'conflict' });
    if (refused.ok) return;
    expect(refused.message).toContain('2 members hold it (Ann Person, Bo Person)');
    expect(refused.message).toContain(`“${closerName}” is based on it`);
    // A move for the members alone is not enough while roles are based on it.
    expect(await deleteRoleAction({ roleId: sales, membersTo: account.roleIds.user })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await roleRow(sales)).toBeDefined();
  });

  it('with a move, moves the members (keeping their other roles), re-bases the dependent roles and deletes it, in one step', async () => {
    const { sales, closer, senior, ann, bo } = await roleInUse();
    const [salesRow, closerBefore] = [await roleRow(sales), await roleRow(closer)];
    // Warm the cache: the move must reach the members' very next check.
    expect(hasPermission(await getMemberAccess(account.accountId, ann.membershipId), 'insight.view')).toBe(true);

    await actAs(owner.email);
    const deleted = await deleteRoleAction({ roleId: sales, membersTo: account.roleIds.admin, dependentsTo: account.roleIds.user });
    expect(deleted).toEqual({ ok: true, data: { membersMoved: 2, invitationsMoved: 0, dependentsRebased: 1 } });

    expect(await roleRow(sales)).toBeUndefined();
    expect(await rolesOf(ann.membershipId)).toEqual([account.roleIds.admin]);
    expect(await rolesOf(bo.membershipId)).toEqual([account.roleIds.admin, account.roleIds.guest].sort());
    const closerAfter = await roleRow(closer);
    expect(closerAfter).toMatchObject({ baseRoleId: account.roleIds.user, version: closerBefore!.version + 1 });
    expect(await roleRow(senior)).toMatchObject({ baseRoleId: closer });

    const annAccess = await getMemberAccess(account.accountId, ann.membershipId);
    expect(hasPermission(annAccess, 'users.manage')).toBe(true);
    expect(holds(annAccess, 'report.export')).toBe(false);
    // Senior closer lost what Salesperson added; it keeps its own and Closer's.
    const watcher = await createMember(account.accountId);
    await give(watcher.membershipId, [senior]);
    const seniorAccess = await getMemberAccess(account.accountId, watcher.membershipId);
    expect(['reports.view', 'crm.delete', 'crm.view'].every((name) => holds(seniorAccess, name))).toBe(true);
    expect(hasPermission(seniorAccess, 'insight.view')).toBe(false);

    const db = await getDb();
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.accountId, account.accountId), inArray(auditLog.targetId, [sales, closer, ann.membershipId, bo.membershipId])));
    const deletedEntry = entries.find((entry) => entry.action === 'role.deleted' && entry.targetId === sales);
    expect(deletedEntry).toMatchObject({
      actorUserId: owner.userId,
      ip: '203.0.113.99',
      targetLabel: salesRow!.name,
      before: { name: salesRow!.name, baseRoleId: account.roleIds.user, permissions: ['insight.view'], privileges: ['report.export'], members: 2, dependents: [closerBefore!.name] },
      after: { membersMovedTo: { id: account.roleIds.admin, name: 'Admin' }, dependentsBasedOn: { id: account.roleIds.user, name: 'User' } },
    });
    expect(entries.find((entry) => entry.action === 'role.updated' && entry.targetId === closer)).toMatchObject({
      before: { baseRoleId: sales },
      after: { baseRoleId: account.roleIds.user },
    });
    expect(entries.find((entry) => entry.action === 'member.roles_changed' && entry.targetId === bo.membershipId)).toMatchObject({
      targetLabel: 'Bo Person',
      ip: '203.0.113.99',
      before: { roles: ['Guest', salesRow!.name].sort() },
      after: { roles: ['Admin', 'Guest'] },
    });
  });

  it('issue 13: a role with members and a dependent role, its members moved to User and the dependent re-based on User', async () => {
    const sales = await role(account.roleIds.user, ['insight.view'], 'report.export', `Salesperson ${(counter += 1)}`);
    const senior = await role(sales, ['crm.delete'], 'quote.approve', `Senior salesperson ${(counter += 1)}`);
    const holders = await Promise.all([1, 2, 3].map(() => createMember(account.accountId)));
    for (const holder of holders) await give(holder.membershipId, [sales]);
    const seniorHolder = await createMember(account.accountId);
    await give(seniorHolder.membershipId, [senior]);

    await actAs(owner.email);
    const deleted = await deleteRoleAction({ roleId: sales, membersTo: account.roleIds.user, dependentsTo: account.roleIds.user });
    expect(deleted).toEqual({ ok: true, data: { membersMoved: 3, invitationsMoved: 0, dependentsRebased: 1 } });
    expect(await roleRow(sales)).toBeUndefined();
    for (const holder of holders) expect(await rolesOf(holder.membershipId)).toEqual([account.roleIds.user]);
    expect(await roleRow(senior)).toMatchObject({ baseRoleId: account.roleIds.user });
    expect(await rolesOf(seniorHolder.membershipId)).toEqual([senior]);
  });

  it('issue 13: invitations that offer the role no longer block it: open ones move with its members, accepted and revoked ones keep their history', async () => {
    const { sales, ann } = await roleInUse();
    await actAs(owner.email);
    const [waiting, revoked, accepted] = [uniqueEmail('waiting'), uniqueEmail('revoked'), uniqueEmail('accepted')];
    const sent = await inviteAction({ rows: [{ email: waiting }, { email: revoked }, { email: accepted }], roleId: sales });
    expect(sent).toMatchObject({ ok: true });
    const db = await getDb();
    const byEmail = async (email: string) => (await db.select().from(invitations).where(eq(invitations.email, email)))[0]!;
    expect(await revokeInvitationAction({ invitationId: (await byEmail(revoked)).id })).toMatchObject({ ok: true });
    const [mail] = await db.select({ text: mailOutbox.text }).from(mailOutbox).where(eq(mailOutbox.toAddress, accepted));
    await acceptInvitation(mail!.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]!, { kind: 'new', firstName: 'Acc', lastName: '', password: 'velvet harbor compass meadow' }, meta());
    const [waitingMail] = await db.select({ text: mailOutbox.text }).from(mailOutbox).where(eq(mailOutbox.toAddress, waiting));
    const waitingToken = waitingMail!.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]!;

    // Without a move the refusal names the open invitation (the accepted and revoked ones are history).
    await actAs(owner.email);
    const refused = await deleteRoleAction({ roleId: sales, dependentsTo: account.roleIds.user });
    expect(refused).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('1 open invitation offers it') });
    expect(await roleRow(sales)).toBeDefined();

    const deleted = await deleteRoleAction({ roleId: sales, membersTo: account.roleIds.user, dependentsTo: account.roleIds.user });
    // Three members: Ann, Bo, and the invitee who accepted.
    expect(deleted).toEqual({ ok: true, data: { membersMoved: 3, invitationsMoved: 1, dependentsRebased: 1 } });
    expect(await rolesOf(ann.membershipId)).toEqual([account.roleIds.user]);
    expect(await byEmail(waiting)).toMatchObject({ roleId: account.roleIds.user });
    expect(await lookUpInvitation(waitingToken)).toMatchObject({ ok: true, details: { roleName: 'User' } });
    expect(await byEmail(revoked)).toMatchObject({ roleId: null });
    expect(await byEmail(accepted)).toMatchObject({ roleId: null });
    const ownerActor = actorOf(owner, 'Owner');
    const rows = (await listInvitations(ownerActor, inviteQuerySchema.parse({ status: null, size: 100 }))).rows;
    expect(rows.find((row) => row.email === revoked)).toMatchObject({ status: 'revoked', roleName: 'Deleted role' });
    expect(rows.find((row) => row.email === waiting)).toMatchObject({ status: 'waiting', roleName: 'User' });
    const moved = await db.select().from(auditLog).where(and(eq(auditLog.action, 'invitation.role_changed'), eq(auditLog.targetLabel, waiting)));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ after: { role: 'User' } });
  });

  it('a role with no members and no dependants is deleted without a move', async () => {
    const lonely = await role(account.roleIds.user);
    await actAs(admin.email);
    expect(await deleteRoleAction({ roleId: lonely })).toEqual({ ok: true, data: { membersMoved: 0, invitationsMoved: 0, dependentsRebased: 0 } });
    expect(await roleRow(lonely)).toBeUndefined();
  });

  it('writes nothing when the last step fails: members, dependent roles and the role are as before', async () => {
    const { sales, closer, ann, bo } = await roleInUse();
    failing.action = 'role.deleted';
    await actAs(owner.email);
    const failed = await deleteRoleAction({ roleId: sales, membersTo: account.roleIds.user, dependentsTo: account.roleIds.user });
    expect(failed).toMatchObject({ ok: false, code: 'internal' });
    expect(await roleRow(sales)).toBeDefined();
    expect(await roleRow(closer)).toMatchObject({ baseRoleId: sales });
    expect(await rolesOf(ann.membershipId)).toEqual([sales]);
    expect(await rolesOf(bo.membershipId)).toEqual([sales, account.roleIds.guest].sort());
    const db = await getDb();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'member.roles_changed'), eq(auditLog.targetId, ann.membershipId)))).toEqual([]);
  });
});

describe('refusals when deleting with a move', () => {
  it('refuses moving the members to a role beyond the editor’s own access', async () => {
    const { sales, ann } = await roleInUse();
    await actAs(admin.email);
    const refused = await deleteRoleAction({ roleId: sales, membersTo: account.roleIds.owner, dependentsTo: account.roleIds.user });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords'), fieldErrors: { membersTo: expect.any(String) } });
    expect(await rolesOf(ann.membershipId)).toEqual([sales]);
  });

  it('refuses re-basing the dependent roles on a role beyond the editor (escalation through a base role)', async () => {
    const sales = await role(account.roleIds.user, ['insight.view']);
    const closer = await role(sales);
    await actAs(admin.email);
    const refused = await deleteRoleAction({ roleId: sales, dependentsTo: account.roleIds.owner });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('webchat.manage'), fieldErrors: { dependentsTo: expect.any(String) } });
    expect(await roleRow(closer)).toMatchObject({ baseRoleId: sales });
  });

  it('refuses re-basing the dependent roles into a cycle or over the depth limit', async () => {
    const top = await role(account.roleIds.user);
    const middle = await role(top);
    const below = await role(middle);
    await actAs(owner.email);
    // Basing Middle on Below, which is based on Middle, closes a circle.
    expect(await deleteRoleAction({ roleId: top, dependentsTo: below })).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('circle') });

    // A chain of ten below User; a role two levels down moved under its tenth link would sit eleven deep.
    let base = account.roleIds.user;
    const chain: string[] = [];
    for (let level = 1; level <= 10; level += 1) chain.push((base = await role(base)));
    const side = await role(account.roleIds.user);
    const hanging = await role(side);
    await actAs(owner.email);
    expect(await deleteRoleAction({ roleId: side, dependentsTo: chain[9] })).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('limit is 10') });
    expect(await roleRow(hanging)).toMatchObject({ baseRoleId: side });
    expect(await roleRow(top)).toBeDefined();
  });

  it('refuses a move onto the role being deleted or a role of another account', async () => {
    const { sales } = await roleInUse();
    const other = await createAccount('Other Move Ltd');
    await actAs(owner.email);
    expect(await deleteRoleAction({ roleId: sales, membersTo: sales, dependentsTo: account.roleIds.user })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await deleteRoleAction({ roleId: sales, membersTo: other.roleIds.user, dependentsTo: account.roleIds.user })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await deleteRoleAction({ roleId: sales, membersTo: 'not-a-role', dependentsTo: account.roleIds.user })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await roleRow(sales)).toBeDefined();
  });

  it('refuses moving members without users.manage, and a non-Owner moving an Owner', async () => {
    const roleManager = await role(account.roleIds.user, ['roles.manage'], '', 'Role manager');
    const manager = await createMember(account.accountId);
    await give(manager.membershipId, [roleManager]);
    const { sales, ann } = await roleInUse();
    await actAs(manager.email);
    expect(await deleteRoleAction({ roleId: sales, membersTo: account.roleIds.user, dependentsTo: account.roleIds.user })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('users.manage'),
    });

    const coOwner = await createMember(account.accountId, { role: 'owner' });
    const extra = await role(account.roleIds.user);
    await give(coOwner.membershipId, [account.roleIds.owner, extra]);
    await actAs(admin.email);
    expect(await deleteRoleAction({ roleId: extra, membersTo: account.roleIds.user })).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('Only an Owner') });
    expect(await rolesOf(coOwner.membershipId)).toEqual([account.roleIds.owner, extra].sort());
    expect(await rolesOf(ann.membershipId)).toEqual([sales]);
  });
});

describe('deleting a role cannot take away what the editor does not hold', () => {
  /** Password desk (User + users.passwords, which an Admin lacks) and Desk clerk, based on it with nothing of its own. */
  async function passwordDesk() {
    const desk = await role(account.roleIds.user, ['users.passwords'], '', `Password desk ${(counter += 1)}`);
    const clerk = await role(desk, [], '', `Desk clerk ${(counter += 1)}`);
    return { desk, clerk };
  }

  it('refuses an Admin moving members to a role without a permission the Admin lacks, and they keep it', async () => {
    const { clerk } = await passwordDesk();
    const member = await createMember(account.accountId, { firstName: 'Desk' });
    await give(member.membershipId, [clerk]);
    expect(hasPermission(await getMemberAccess(account.accountId, member.membershipId), 'users.passwords')).toBe(true);
    await actAs(admin.email);
    const refused = await deleteRoleAction({ roleId: clerk, membersTo: account.roleIds.guest });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords'), fieldErrors: { membersTo: expect.any(String) } });
    expect(await roleRow(clerk)).toBeDefined();
    expect(await rolesOf(member.membershipId)).toEqual([clerk]);
    expect(hasPermission(await getMemberAccess(account.accountId, member.membershipId), 'users.passwords')).toBe(true);

    // The Owner holds it, so may take it away.
    await actAs(owner.email);
    expect(await deleteRoleAction({ roleId: clerk, membersTo: account.roleIds.guest })).toMatchObject({ ok: true, data: { membersMoved: 1 } });
    expect(hasPermission(await getMemberAccess(account.accountId, member.membershipId), 'users.passwords')).toBe(false);
  });

  it('refuses an Admin re-basing dependent roles onto a base without a permission the Admin lacks', async () => {
    const { clerk } = await passwordDesk();
    const trainee = await role(clerk, ['reports.view']);
    await actAs(admin.email);
    const refused = await deleteRoleAction({ roleId: clerk, dependentsTo: account.roleIds.user });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords'), fieldErrors: { dependentsTo: expect.any(String) } });
    expect(refused.ok || refused.message).toContain('take from them');
    expect(await roleRow(clerk)).toBeDefined();
    expect(await roleRow(trainee)).toMatchObject({ baseRoleId: clerk });
  });

  it('refuses an Admin deleting a role whose own grants the Admin lacks, even with nobody holding it; allows one that only inherits them', async () => {
    const { desk, clerk } = await passwordDesk();
    await actAs(admin.email);
    // Clerk grants users.passwords only through Password desk, which stays: nobody loses anything.
    expect(await deleteRoleAction({ roleId: clerk })).toMatchObject({ ok: true });
    const refused = await deleteRoleAction({ roleId: desk });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords') });
    expect(await roleRow(desk)).toBeDefined();
    await actAs(owner.email);
    expect(await deleteRoleAction({ roleId: desk })).toMatchObject({ ok: true });
  });

  it('lets an Admin delete with a move when what is lost is within the Admin’s own access', async () => {
    const base = await role(account.roleIds.user, ['users.manage']);
    const member = await createMember(account.accountId);
    await give(member.membershipId, [base]);
    const below = await role(base);
    await actAs(admin.email);
    expect(await deleteRoleAction({ roleId: base, membersTo: account.roleIds.guest, dependentsTo: account.roleIds.user })).toEqual({
      ok: true,
      data: { membersMoved: 1, invitationsMoved: 0, dependentsRebased: 1 },
    });
    expect(hasPermission(await getMemberAccess(account.accountId, member.membershipId), 'users.manage')).toBe(false);
    expect(await roleRow(below)).toMatchObject({ baseRoleId: account.roleIds.user });
  });
});

describe('refusals when editing a role', () => {
  it('refuses an Admin re-basing a custom role on a role beyond their own (escalation through a base role)', async () => {
    const id = await role(account.roleIds.user);
    const row = await roleRow(id);
    await actAs(admin.email);
    const refused = await updateRoleAction({ roleId: id, version: row!.version, name: row!.name, baseRoleId: account.roleIds.owner, permissions: [] });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords') });
    expect(await roleRow(id)).toMatchObject({ baseRoleId: account.roleIds.user, version: row!.version });
  });

  it('refuses an Admin re-basing a custom role off a base that grants what the Admin lacks (stripping it from its holders)', async () => {
    const desk = await role(account.roleIds.user, ['users.passwords'], '', `Password desk ${(counter += 1)}`);
    const clerk = await role(desk, [], '', `Desk clerk ${(counter += 1)}`);
    const trainee = await role(clerk, ['reports.view']);
    const member = await createMember(account.accountId);
    await give(member.membershipId, [trainee]);
    const row = await roleRow(trainee);
    await actAs(admin.email);
    const refused = await updateRoleAction({ roleId: trainee, version: row!.version, name: row!.name, baseRoleId: account.roleIds.user, permissions: ['reports.view'] });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords') });
    expect(await roleRow(trainee)).toMatchObject({ baseRoleId: clerk, version: row!.version });
    expect(hasPermission(await getMemberAccess(account.accountId, member.membershipId), 'users.passwords')).toBe(true);
  });
});
