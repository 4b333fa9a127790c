import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, groupMembers, groupRoles, groups } from '@/db/schema';
import { hasPermission } from '@/lib/access/catalogue';
import { getMemberAccess } from '@/lib/access/process-cache';
import { getMemberDetail } from '@/lib/dal/members/get-member-detail';
import { setMemberOverrides, setMemberRoles } from '@/lib/dal/members/set-member-access';
import { addGroupMembers, removeGroupMembers } from '@/lib/dal/organization/group-members';
import { previewGroupDeletion } from '@/lib/dal/organization/group-deletion-preview';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from '@/lib/dal/organization/groups';
import { deleteRole } from '@/lib/dal/roles/delete-role';
import { listRoles } from '@/lib/dal/roles/list-roles';
import { getMemberAccessView } from '@/lib/dal/roles/explain-member-access';
import { createRole } from '@/lib/dal/roles/save-role';
import { groupInputSchema } from '@/lib/validation/organization';
import { createRoleSchema } from '@/lib/validation/access';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const input = (name: string, extra: Record<string, unknown> = {}) => groupInputSchema.parse({ name, ...extra });
const holds = async (member: { accountId: string; membershipId: string }, name: Parameters<typeof hasPermission>[1]) =>
  hasPermission(await getMemberAccess(member.accountId, member.membershipId), name);

/** An account with an Owner, an Admin, and custom roles: Insightful (User + insight.view), Reporter (User + reports.view), Vault (User + users.passwords, beyond any Admin). */
async function setUp() {
  const account = await createAccount();
  const ownerMember = await createMember(account.accountId, { role: 'owner' });
  const owner = actorOf(ownerMember, 'Owner');
  const admin = actorOf(await createMember(account.accountId, { role: 'admin' }), 'Admin');
  const role = async (name: string, permissions: string[]) => (await createRole(owner, createRoleSchema.parse({ name, baseRoleId: account.roleIds.user, permissions }))).id;
  const insightful = await role('Insightful', ['insight.view']);
  const reporter = await role('Reporter', ['reports.view']);
  const vault = await role('Vault', ['users.passwords']);
  return { account, owner, admin, roles: { insightful, reporter, vault } };
}

async function auditOf(accountId: string, action: string) {
  const db = await getDb();
  return db
    .select({ before: auditLog.before, after: auditLog.after, targetId: auditLog.targetId, actorName: auditLog.actorName })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, action)))
    .orderBy(asc(auditLog.id));
}

describe('groups (issue 16)', () => {
  it('a group with a shared inbox and roles, listed with its roles and member count', async () => {
    const { account, admin, roles } = await setUp();
    const ada = await createMember(account.accountId, { firstName: 'Ada' });
    const { id } = await createGroup(admin, input('Sales', { email: 'Sales@Example.test', roleIds: [roles.insightful, roles.insightful], description: 'The sales floor' }));
    expect(await addGroupMembers(admin, id, [ada.membershipId, ada.membershipId])).toEqual({ added: 1 });
    expect(await listGroups(admin)).toEqual([{ id, name: 'Sales', email: 'sales@example.test', description: 'The sales floor', roles: [{ id: roles.insightful, name: 'Insightful' }], members: 1 }]);
    expect(await getGroup(admin, id)).toEqual({ id, name: 'Sales', email: 'sales@example.test', description: 'The sales floor', roles: [{ id: roles.insightful, name: 'Insightful' }] });
  });

  it('a member holds the group’s roles on their very next request, and loses them when removed, when the group drops the role, or when it is deleted', async () => {
    const { account, admin, roles } = await setUp();
    const ada = await createMember(account.accountId);
    const { id } = await createGroup(admin, input('Analysts', { roleIds: [roles.insightful] }));
    expect(await holds(ada, 'insight.view')).toBe(false);

    await addGroupMembers(admin, id, [ada.membershipId]);
    expect(await holds(ada, 'insight.view')).toBe(true);
    await removeGroupMembers(admin, id, [ada.membershipId]);
    expect(await holds(ada, 'insight.view')).toBe(false);

    await addGroupMembers(admin, id, [ada.membershipId]);
    expect(await holds(ada, 'insight.view')).toBe(true);
    await updateGroup(admin, id, input('Analysts', { roleIds: [roles.reporter] }));
    expect(await holds(ada, 'insight.view')).toBe(false);
    expect(await holds(ada, 'reports.view')).toBe(true);

    expect(await deleteGroup(admin, id)).toEqual({ membersAffected: 1 });
    expect(await holds(ada, 'reports.view')).toBe(false);
    expect(await holds(ada, 'tasks.view')).toBe(true);
  });

  it('a member of two groups with roles of their own holds the union; their deny still wins', async () => {
    const { account, admin, roles } = await setUp();
    const ada = await createMember(account.accountId, { role: 'guest' });
    const { id: analysts } = await createGroup(admin, input('Analysts', { roleIds: [roles.insightful] }));
    const { id: reporting } = await createGroup(admin, input('Reporting', { roleIds: [roles.reporter] }));
    await addGroupMembers(admin, analysts, [ada.membershipId]);
    await addGroupMembers(admin, reporting, [ada.membershipId]);
    for (const name of ['insight.view', 'reports.view', 'tasks.view'] as const) expect(await holds(ada, name)).toBe(true);
    await setMemberOverrides(admin, { membershipId: ada.membershipId, grants: [], denies: ['insight.view'], hiddenModules: [] });
    expect(await holds(ada, 'insight.view')).toBe(false);
    expect(await holds(ada, 'reports.view')).toBe(true);
  });

  it('members holding the same set of roles, directly or through a group, share one compiled access', async () => {
    const { account, owner, admin, roles } = await setUp();
    const [ada, bob] = [await createMember(account.accountId), await createMember(account.accountId)];
    await setMemberRoles(owner, ada.membershipId, [account.roleIds.user, roles.insightful]);
    const { id } = await createGroup(admin, input('Analysts', { roleIds: [roles.insightful] }));
    await addGroupMembers(admin, id, [bob.membershipId]);
    expect(await getMemberAccess(account.accountId, ada.membershipId)).toBe(await getMemberAccess(account.accountId, bob.membershipId));
  });

  it('“Why” and the user page say when a grant comes through a group', async () => {
    const { account, owner, admin, roles } = await setUp();
    const ada = await createMember(account.accountId, { role: 'guest' });
    const { id } = await createGroup(admin, input('Sales', { roleIds: [roles.insightful] }));
    await addGroupMembers(admin, id, [ada.membershipId]);
    const view = await getMemberAccessView(owner, ada.membershipId, 'tasks.view');
    expect(view.explained).toMatchObject({ explanation: { granted: true, source: 'role', group: { id, name: 'Sales' } }, text: 'Granted by Sales (group) → Insightful ← User' });
    expect(view.member.roles).toEqual(expect.arrayContaining([expect.objectContaining({ id: roles.insightful, group: { id, name: 'Sales' } })]));
    const detail = await getMemberDetail(owner, ada.membershipId);
    expect(detail.groups).toEqual([{ id, name: 'Sales', roles: [{ id: roles.insightful, name: 'Insightful' }] }]);
    expect(detail.explanations['insight.view']).toMatchObject({ granted: true, group: { name: 'Sales' } });
    // A role held directly keeps the direct wording.
    await setMemberRoles(owner, ada.membershipId, [roles.insightful]);
    expect((await getMemberAccessView(owner, ada.membershipId, 'tasks.view')).explained!.text).toBe('Granted by Insightful ← User');
  });

  it('no escalation: an Admin cannot give a group a role beyond them, nor add or remove members of such a group, nor delete it', async () => {
    const { account, owner, admin, roles } = await setUp();
    const ada = await createMember(account.accountId);
    const bob = await createMember(account.accountId);
    await expect(createGroup(admin, input('Vault', { roleIds: [roles.vault] }))).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('users.passwords'), fieldErrors: { roleIds: expect.any(String) } });
    const { id: plain } = await createGroup(admin, input('Plain'));
    await expect(updateGroup(admin, plain, input('Plain', { roleIds: [roles.vault] }))).rejects.toMatchObject({ code: 'forbidden' });

    const { id: vault } = await createGroup(owner, input('Vault', { roleIds: [roles.vault] }));
    await addGroupMembers(owner, vault, [ada.membershipId]);
    await expect(addGroupMembers(admin, vault, [bob.membershipId])).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('users.passwords') });
    await expect(removeGroupMembers(admin, vault, [ada.membershipId])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(updateGroup(admin, vault, input('Vault', { roleIds: [] }))).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('users.passwords') });
    await expect(deleteGroup(admin, vault)).rejects.toMatchObject({ code: 'forbidden' });
    // Renaming while keeping the roles changes nobody's access: allowed.
    await updateGroup(admin, vault, input('Vault room', { roleIds: [roles.vault] }));

    expect(await holds(ada, 'users.passwords')).toBe(true);
    expect(await holds(bob, 'users.passwords')).toBe(false);
    const db = await getDb();
    expect(await db.$count(groupMembers, eq(groupMembers.groupId, vault))).toBe(1);
    expect(await db.$count(groupRoles, eq(groupRoles.groupId, plain))).toBe(0);
  });

  it('a group cannot carry the Owner role', async () => {
    const { account, owner } = await setUp();
    await expect(createGroup(owner, input('Owners', { roleIds: [account.roleIds.owner] }))).rejects.toMatchObject({ code: 'invalid', fieldErrors: { roleIds: expect.stringContaining('Owner') } });
    const { id } = await createGroup(owner, input('Owners'));
    await expect(updateGroup(owner, id, input('Owners', { roleIds: [account.roleIds.owner] }))).rejects.toMatchObject({ code: 'invalid', fieldErrors: { roleIds: expect.any(String) } });
  });

  it('another account’s groups, roles and members are not found, and nothing is written', async () => {
    const [mine, theirs] = [await setUp(), await setUp()];
    const ada = await createMember(mine.account.accountId);
    const outsider = await createMember(theirs.account.accountId);
    const { id: theirGroup } = await createGroup(theirs.admin, input('Theirs'));
    const { id: mineGroup } = await createGroup(mine.admin, input('Mine', { roleIds: [mine.roles.insightful] }));

    await expect(createGroup(mine.admin, input('Borrowed', { roleIds: [theirs.roles.insightful] }))).rejects.toMatchObject({ code: 'not_found', fieldErrors: { roleIds: expect.any(String) } });
    await expect(updateGroup(mine.admin, mineGroup, input('Mine', { roleIds: [mine.roles.insightful, theirs.roles.reporter] }))).rejects.toMatchObject({ code: 'not_found' });
    await expect(addGroupMembers(mine.admin, mineGroup, [ada.membershipId, outsider.membershipId])).rejects.toMatchObject({ code: 'not_found' });
    for (const call of [
      () => getGroup(mine.admin, theirGroup),
      () => updateGroup(mine.admin, theirGroup, input('Mine now')),
      () => deleteGroup(mine.admin, theirGroup),
      () => addGroupMembers(mine.admin, theirGroup, [ada.membershipId]),
      () => removeGroupMembers(mine.admin, theirGroup, [outsider.membershipId]),
      () => previewGroupDeletion(mine.admin, theirGroup),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'not_found' });
    }

    const db = await getDb();
    expect(await db.$count(groups, eq(groups.accountId, mine.account.accountId))).toBe(1);
    expect(await db.$count(groupMembers, eq(groupMembers.groupId, mineGroup))).toBe(0);
    expect((await db.select({ roleId: groupRoles.roleId }).from(groupRoles).where(eq(groupRoles.groupId, mineGroup))).map((row) => row.roleId)).toEqual([mine.roles.insightful]);
    expect((await listGroups(theirs.admin)).map((group) => group.name)).toEqual(['Theirs']);
    expect(await holds(ada, 'insight.view')).toBe(false);
  });

  it('two admins adding the same members at once: each member joins once', async () => {
    const { account, admin, roles } = await setUp();
    const second = actorOf(await createMember(account.accountId, { role: 'admin' }), 'Second admin');
    const people = await Promise.all(Array.from({ length: 5 }, () => createMember(account.accountId)));
    const ids = people.map((person) => person.membershipId);
    const { id } = await createGroup(admin, input('Crowd', { roleIds: [roles.insightful] }));
    const [first, other] = await Promise.all([addGroupMembers(admin, id, ids), addGroupMembers(second, id, [...ids].reverse())]);
    expect(first.added + other.added).toBe(5);
    const db = await getDb();
    expect(await db.$count(groupMembers, eq(groupMembers.groupId, id))).toBe(5);
    for (const person of people) expect(await holds(person, 'insight.view')).toBe(true);
  });

  it('a duplicate name is a conflict on the name field, whatever its case; bad input is refused per field', async () => {
    const { admin } = await setUp();
    await createGroup(admin, input('Sales'));
    await expect(createGroup(admin, input('sales'))).rejects.toMatchObject({ code: 'conflict', fieldErrors: { name: 'That name is taken.' } });
    const { id } = await createGroup(admin, input('Support'));
    await expect(updateGroup(admin, id, input('SALES'))).rejects.toMatchObject({ code: 'conflict', fieldErrors: { name: 'That name is taken.' } });
    const bad = groupInputSchema.safeParse({ name: ' ', email: 'not an email', description: 'x'.repeat(2001), roleIds: ['nope'] });
    expect(new Set(bad.error!.issues.map((issue) => issue.path[0]))).toEqual(new Set(['name', 'email', 'description', 'roleIds']));
    const many = groupInputSchema.safeParse({ name: 'Many', roleIds: Array.from({ length: 51 }, () => crypto.randomUUID()) });
    expect(many.error!.issues[0]).toMatchObject({ path: ['roleIds'], message: 'A group carries at most 50 roles.' });
    expect(groupInputSchema.parse({ name: 'Blank inbox', email: '  ' }).email).toBeNull();
  });

  it('every change is audited before/after in its transaction; a refused one leaves no entry', async () => {
    const { account, owner, admin, roles } = await setUp();
    const ada = await createMember(account.accountId);
    const { id } = await createGroup(admin, input('Sales', { roleIds: [roles.insightful] }));
    await addGroupMembers(admin, id, [ada.membershipId]);
    await addGroupMembers(admin, id, [ada.membershipId]); // already in: nothing to record
    await updateGroup(admin, id, input('Sales team', { email: 'sales@example.test', roleIds: [roles.reporter] }));
    await removeGroupMembers(admin, id, [ada.membershipId]);
    await expect(updateGroup(admin, id, input('Sales team', { roleIds: [roles.vault] }))).rejects.toMatchObject({ code: 'forbidden' });
    await deleteGroup(owner, id);

    expect(await auditOf(account.accountId, 'group.created')).toEqual([{ targetId: id, actorName: 'Admin', before: null, after: { name: 'Sales', email: null, description: '', roles: ['Insightful'] } }]);
    expect(await auditOf(account.accountId, 'group.members_added')).toEqual([expect.objectContaining({ after: { membershipIds: [ada.membershipId], roles: ['Insightful'] } })]);
    expect(await auditOf(account.accountId, 'group.updated')).toEqual([
      expect.objectContaining({
        before: { name: 'Sales', email: null, description: '', roles: ['Insightful'] },
        after: { name: 'Sales team', email: 'sales@example.test', description: '', roles: ['Reporter'], membersAffected: 1 },
      }),
    ]);
    expect(await auditOf(account.accountId, 'group.members_removed')).toEqual([expect.objectContaining({ before: { membershipIds: [ada.membershipId], roles: ['Reporter'] } })]);
    expect(await auditOf(account.accountId, 'group.deleted')).toEqual([expect.objectContaining({ actorName: 'Owner', before: { name: 'Sales team', email: 'sales@example.test', description: '', roles: ['Reporter'], members: 0 } })]);
  });

  it('previewGroupDeletion names who loses what: not those who keep it another way, nor those denied it', async () => {
    const { account, owner, admin, roles } = await setUp();
    const only = await createMember(account.accountId, { firstName: 'Only' });
    const direct = await createMember(account.accountId, { firstName: 'Direct' });
    const denied = await createMember(account.accountId, { firstName: 'Denied' });
    const twice = await createMember(account.accountId, { firstName: 'Twice' });
    await setMemberRoles(owner, direct.membershipId, [account.roleIds.user, roles.insightful]);
    await setMemberOverrides(admin, { membershipId: denied.membershipId, grants: [], denies: ['insight.view'], hiddenModules: [] });
    const { id } = await createGroup(admin, input('Analysts', { roleIds: [roles.insightful] }));
    const { id: other } = await createGroup(admin, input('Also analysts', { roleIds: [roles.insightful] }));
    await addGroupMembers(admin, id, [only.membershipId, direct.membershipId, denied.membershipId, twice.membershipId]);
    await addGroupMembers(admin, other, [twice.membershipId]);

    const preview = await previewGroupDeletion(admin, id);
    expect(preview).toEqual({
      group: { id, name: 'Analysts' },
      roles: [{ id: roles.insightful, name: 'Insightful' }],
      memberCount: 4,
      losingCount: 1,
      members: [{ membershipId: only.membershipId, name: 'Only Person', loses: ['insight.view'] }],
      lost: ['insight.view'],
    });
    await expect(previewGroupDeletion(actorOf(only), id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the Roles page says which groups carry a role, besides its direct members', async () => {
    const { account, owner, admin, roles } = await setUp();
    await createMember(account.accountId, { firstName: 'Ada' });
    const a = await createGroup(admin, input('Zeta analysts', { roleIds: [roles.insightful, roles.reporter] }));
    const b = await createGroup(admin, input('alpha readers', { roleIds: [roles.insightful] }));
    // Another account's group carrying its own role of the same name never shows here.
    const other = await setUp();
    await createGroup(other.admin, input('Elsewhere', { roleIds: [other.roles.insightful] }));
    const byName = new Map((await listRoles(owner)).map((role) => [role.name, role]));
    expect(byName.get('Insightful')!.groups).toEqual([
      { id: b.id, name: 'alpha readers' },
      { id: a.id, name: 'Zeta analysts' },
    ]);
    expect(byName.get('Reporter')!.groups).toEqual([{ id: a.id, name: 'Zeta analysts' }]);
    expect(byName.get('Vault')!.groups).toEqual([]);
    expect(byName.get('User')!).toMatchObject({ groups: [], memberCount: 1 });
  });

  it('a role a group carries cannot be deleted until the group lets go of it', async () => {
    const { owner, admin, roles } = await setUp();
    const { id } = await createGroup(admin, input('Analysts', { roleIds: [roles.insightful] }));
    await expect(deleteRole(owner, roles.insightful)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('“Analysts”') });
    await updateGroup(admin, id, input('Analysts'));
    await expect(deleteRole(owner, roles.insightful)).resolves.toMatchObject({ membersMoved: 0 });
  });

  it('needs groups.manage to change groups; users.manage is enough to list them', async () => {
    const { account, admin } = await setUp();
    const plain = actorOf(await createMember(account.accountId));
    const { id } = await createGroup(admin, input('Sales'));
    await expect(listGroups(plain)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createGroup(plain, input('Mine'))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(addGroupMembers(plain, id, [plain.membershipId])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteGroup(plain, id)).rejects.toMatchObject({ code: 'forbidden' });
    const db = await getDb();
    expect(await db.$count(groups, sql`${groups.accountId} = ${account.accountId}`)).toBe(1);
  });
});
