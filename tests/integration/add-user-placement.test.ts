import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addMemberAction } from '@/app/(app)/settings/users/actions';
import { GET as roleOptionsRoute, type RoleOptions } from '@/app/(app)/settings/users/role-options/route';
import { getDb } from '@/db/client';
import { auditLog, departmentMembers, invitations, mailOutbox, memberships, teamMembers, users } from '@/db/schema';
import { acceptInvitation } from '@/lib/dal/invitations/accept-invitation';
import { createDepartment, deleteDepartment } from '@/lib/dal/organization/departments';
import { createTeam } from '@/lib/dal/organization/teams';
import { departmentInputSchema, teamInputSchema } from '@/lib/validation/organization';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, meta, uniqueEmail } from '../support/factories';
import { readRoute } from '../support/read-route';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

async function setUp() {
  const account = await createAccount();
  const admin = await createMember(account.accountId, { role: 'admin' });
  const actor = actorOf(admin, 'Admin');
  const { id: sales } = await createDepartment(actor, departmentInputSchema.parse({ name: 'Sales' }));
  const { id: emea } = await createDepartment(actor, departmentInputSchema.parse({ name: 'EMEA', parentId: sales }));
  const { id: core } = await createTeam(actor, teamInputSchema.parse({ name: 'Core' }));
  await actAs(admin.email);
  return { account, admin, actor, sales, emea, core };
}

async function membershipOf(accountId: string, email: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), eq(users.email, email.toLowerCase())));
  return row?.id ?? null;
}

async function placementOf(membershipId: string) {
  const db = await getDb();
  const deps = await db.select({ id: departmentMembers.departmentId }).from(departmentMembers).where(eq(departmentMembers.membershipId, membershipId));
  const team = await db.select({ id: teamMembers.teamId, primary: teamMembers.isPrimary }).from(teamMembers).where(eq(teamMembers.membershipId, membershipId));
  return { departments: deps.map((row) => row.id).sort(), team };
}

describe('Add user places people in departments and a primary team (issue 16)', () => {
  it('offers the account’s departments in tree order and its teams', async () => {
    const { sales, emea, core } = await setUp();
    const options = (await readRoute(roleOptionsRoute, '/settings/users/role-options')) as { ok: true; data: RoleOptions };
    expect(options.data.departments).toEqual([
      { id: sales, name: 'Sales', depth: 0 },
      { id: emea, name: 'EMEA', depth: 1 },
    ]);
    expect(options.data.teams).toEqual([{ id: core, name: 'Core' }]);
  });

  it('a new person joins the departments and the team (as primary) with the membership, audited', async () => {
    const { account, sales, emea, core } = await setUp();
    const email = uniqueEmail();
    expect(await addMemberAction({ firstName: 'Nora', email, roleId: account.roleIds.user, departmentIds: [sales, emea, sales], teamId: core })).toMatchObject({ ok: true });
    const membershipId = (await membershipOf(account.accountId, email))!;
    expect(await placementOf(membershipId)).toEqual({ departments: [sales, emea].sort(), team: [{ id: core, primary: true }] });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'member.added'), eq(auditLog.targetId, membershipId)));
    expect(entry!.after).toMatchObject({ departments: ['Sales', 'EMEA'], team: 'Core' });
  });

  it('someone with a login elsewhere is placed when they accept; a department deleted meanwhile is skipped', async () => {
    const { account, actor, sales, emea, core } = await setUp();
    const elsewhere = await createMember((await createAccount()).accountId);
    expect(await addMemberAction({ firstName: 'Known', email: elsewhere.email, roleId: account.roleIds.user, departmentIds: [sales, emea], teamId: core })).toMatchObject({ ok: true });
    const db = await getDb();
    const [invitation] = await db.select().from(invitations).where(and(eq(invitations.accountId, account.accountId), eq(invitations.email, elsewhere.email)));
    expect(invitation!.placement).toEqual({ departmentIds: [sales, emea], teamId: core, groupIds: [] });
    await deleteDepartment(actor, emea);
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, elsewhere.email.toLowerCase()));
    const token = mail!.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]!;
    await acceptInvitation(token, { kind: 'signed-in', userId: elsewhere.userId }, meta());
    const membershipId = (await membershipOf(account.accountId, elsewhere.email))!;
    expect(await placementOf(membershipId)).toEqual({ departments: [sales], team: [{ id: core, primary: true }] });
  });

  it('another account’s department or team is refused with a message on the field, and nothing is written', async () => {
    const { account } = await setUp();
    const other = await createAccount();
    const otherActor = actorOf(await createMember(other.accountId, { role: 'admin' }));
    const { id: theirs } = await createDepartment(otherActor, departmentInputSchema.parse({ name: 'Theirs' }));
    const { id: theirTeam } = await createTeam(otherActor, teamInputSchema.parse({ name: 'Their team' }));
    const email = uniqueEmail();
    expect(await addMemberAction({ firstName: 'Stray', email, roleId: account.roleIds.user, departmentIds: [theirs] })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { departmentIds: expect.any(String) } });
    expect(await addMemberAction({ firstName: 'Stray', email, roleId: account.roleIds.user, teamId: theirTeam })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { teamId: expect.any(String) } });
    expect(await addMemberAction({ firstName: 'Stray', email, roleId: account.roleIds.user, departmentIds: ['not-an-id'] })).toMatchObject({ ok: false, code: 'invalid' });
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email))).toHaveLength(0);
  });
});

describe('invitations place people too (issue 16)', () => {
  it('the dialog’s departments and team, plus a CSV row’s departments by name, are applied when they accept', async () => {
    const { inviteAction } = await import('@/app/(app)/settings/invites/actions');
    const { account, sales, emea, core } = await setUp();
    const [plain, named, stray] = [uniqueEmail(), uniqueEmail(), uniqueEmail()];
    const sent = await inviteAction({
      rows: [{ email: plain }, { email: named, departments: 'emea; SALES' }, { email: stray, departments: 'Nowhere' }],
      roleId: account.roleIds.user,
      departmentIds: [sales],
      teamId: core,
    });
    expect(sent).toMatchObject({
      ok: true,
      data: [
        { email: plain, outcome: 'sent' },
        { email: named, outcome: 'sent' },
        { email: stray, outcome: 'refused', reason: 'No department named “Nowhere” in this account.' },
      ],
    });
    const db = await getDb();
    const placements = await db.select({ email: invitations.email, placement: invitations.placement }).from(invitations).where(eq(invitations.accountId, account.accountId));
    expect(placements.find((row) => row.email === plain)!.placement).toEqual({ departmentIds: [sales], teamId: core, groupIds: [] });
    expect(new Set(placements.find((row) => row.email === named)!.placement.departmentIds)).toEqual(new Set([sales, emea]));
    // The person accepts as someone new: placed as invited.
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, named));
    const token = mail!.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]!;
    await acceptInvitation(token, { kind: 'new', firstName: 'Ned', lastName: 'Named', password: 'lantern orbit velvet quarry' }, meta());
    const membershipId = (await membershipOf(account.accountId, named))!;
    expect(await placementOf(membershipId)).toEqual({ departments: [sales, emea].sort(), team: [{ id: core, primary: true }] });
  });

  it('another account’s department or team in the dialog is refused on its field, and nothing is sent', async () => {
    const { inviteAction } = await import('@/app/(app)/settings/invites/actions');
    const { account } = await setUp();
    const otherActor = actorOf(await createMember((await createAccount()).accountId, { role: 'admin' }));
    const { id: theirs } = await createDepartment(otherActor, departmentInputSchema.parse({ name: 'Theirs' }));
    const email = uniqueEmail();
    expect(await inviteAction({ rows: [{ email }], roleId: account.roleIds.user, departmentIds: [theirs] })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { departmentIds: expect.any(String) } });
    const db = await getDb();
    expect(await db.select().from(invitations).where(eq(invitations.email, email))).toHaveLength(0);
  });
});

describe('groups in Add user and invitations (issue 16)', () => {
  it('a new person joins the groups and holds their roles at once; someone invited holds them once they accept', async () => {
    const { createGroup } = await import('@/lib/dal/organization/groups');
    const { groupInputSchema } = await import('@/lib/validation/organization');
    const { getMemberAccess } = await import('@/lib/access/process-cache');
    const { hasPermission } = await import('@/lib/access/catalogue');
    const { inviteAction } = await import('@/app/(app)/settings/invites/actions');
    const { account, actor } = await setUp();
    const { id: reviewers } = await createGroup(actor, groupInputSchema.parse({ name: 'Reviewers', roleIds: [account.roleIds.admin] }));
    const email = uniqueEmail();
    expect(await addMemberAction({ firstName: 'Gus', email, roleId: account.roleIds.user, groupIds: [reviewers] })).toMatchObject({ ok: true });
    const membershipId = (await membershipOf(account.accountId, email))!;
    expect(hasPermission(await getMemberAccess(account.accountId, membershipId), 'users.manage')).toBe(true);
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'member.added'), eq(auditLog.targetId, membershipId)));
    expect(entry!.after).toMatchObject({ groups: ['Reviewers'] });

    const invited = uniqueEmail();
    expect(await inviteAction({ rows: [{ email: invited }], roleId: account.roleIds.user, groupIds: [reviewers] })).toMatchObject({ ok: true, data: [{ outcome: 'sent' }] });
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, invited));
    await acceptInvitation(mail!.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]!, { kind: 'new', firstName: 'Ivy', lastName: 'Invited', password: 'lantern orbit velvet quarry' }, meta());
    const joined = (await membershipOf(account.accountId, invited))!;
    expect(hasPermission(await getMemberAccess(account.accountId, joined), 'users.manage')).toBe(true);
  });

  it('a group that gives more than the sender holds is refused on its field, and nothing is written or sent', async () => {
    const { createGroup } = await import('@/lib/dal/organization/groups');
    const { createRole } = await import('@/lib/dal/roles/save-role');
    const { setMemberRoles } = await import('@/lib/dal/members/set-member-access');
    const { groupInputSchema } = await import('@/lib/validation/organization');
    const { inviteAction } = await import('@/app/(app)/settings/invites/actions');
    const { account } = await setUp();
    const owner = actorOf(await createMember(account.accountId, { role: 'owner' }), 'Owner');
    const { id: reviewers } = await createGroup(owner, groupInputSchema.parse({ name: 'Full admins', roleIds: [account.roleIds.admin] }));
    // A recruiter: a User who may add people (users.manage) but holds nothing more.
    const { id: recruiterRole } = await createRole(owner, { name: 'Recruiter', description: '', baseRoleId: account.roleIds.user, permissions: ['users.manage'], privileges: [] });
    const recruiter = await createMember(account.accountId, { role: 'user' });
    await setMemberRoles(owner, recruiter.membershipId, [recruiterRole]);
    await actAs(recruiter.email);
    const email = uniqueEmail();
    expect(await addMemberAction({ firstName: 'Esc', email, roleId: account.roleIds.user, groupIds: [reviewers] })).toMatchObject({ ok: false, code: 'forbidden', fieldErrors: { groupIds: expect.any(String) } });
    expect(await inviteAction({ rows: [{ email }], roleId: account.roleIds.user, groupIds: [reviewers] })).toMatchObject({ ok: false, code: 'forbidden', fieldErrors: { groupIds: expect.any(String) } });
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect(await db.select().from(invitations).where(eq(invitations.email, email))).toHaveLength(0);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email))).toHaveLength(0);
  });
});
