import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { membershipRoles } from '@/db/schema';
import { changeMemberStatus } from '@/lib/dal/members/change-member-status';
import { deleteMember } from '@/lib/dal/members/delete-member';
import { select } from '@/lib/dal/members/search/fetch-rows';
import { setMemberRoles } from '@/lib/dal/members/set-member-access';
import { deleteRole } from '@/lib/dal/roles/delete-role';
import { listRoles } from '@/lib/dal/roles/list-roles';
import { createRole } from '@/lib/dal/roles/save-role';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

/** Members per role as the roles list shows them, and as counted from membership_roles the slow way. */
async function countsOf(actor: ReturnType<typeof actorOf>) {
  const db = await getDb();
  const shown = Object.fromEntries((await listRoles(actor)).map((role) => [role.id, role.memberCount]));
  const counted = await db
    .select({ roleId: membershipRoles.roleId, members: sql<number>`count(*)::int` })
    .from(membershipRoles)
    .groupBy(membershipRoles.roleId);
  const actual = Object.fromEntries(Object.keys(shown).map((id) => [id, counted.find((row) => row.roleId === id)?.members ?? 0]));
  return { shown, actual };
}

describe('members per role (kept by the database as membership_roles changes)', () => {
  it('follow adding, re-roling, deleting members and deleting a role with its members moved', async () => {
    const account = await createAccount();
    const owner = await createMember(account.accountId, { role: 'owner' });
    const actor = actorOf(owner, 'Owner');
    const members = await Promise.all(Array.from({ length: 6 }, () => createMember(account.accountId)));
    const { id: sales } = await createRole(actor, { name: 'Sales', description: '', baseRoleId: account.roleIds.user, permissions: [], privileges: [] });

    let counts = await countsOf(actor);
    expect(counts.shown[account.roleIds.user]).toBe(6);
    expect(counts.shown[account.roleIds.owner]).toBe(1);
    expect(counts.shown[sales]).toBe(0);

    await setMemberRoles(actor, members[0]!.membershipId, [sales]);
    await setMemberRoles(actor, members[1]!.membershipId, [sales, account.roleIds.user]);
    await changeMemberStatus(actor, members[2]!.membershipId, 'deactivate');
    await deleteMember(actor, members[2]!.membershipId);
    counts = await countsOf(actor);
    expect(counts.shown).toEqual(counts.actual);
    expect(counts.shown[sales]).toBe(2);
    expect(counts.shown[account.roleIds.user]).toBe(4);

    await deleteRole(actor, sales, undefined, { membersTo: account.roleIds.admin });
    counts = await countsOf(actor);
    expect(counts.shown).toEqual(counts.actual);
    expect(counts.shown[account.roleIds.admin]).toBe(2);
    expect(counts.shown[sales]).toBeUndefined();
  });

  it('stay exact when two admins change members of the same role at the same moment', async () => {
    const account = await createAccount();
    const owner = await createMember(account.accountId, { role: 'owner' });
    const actor = actorOf(owner, 'Owner');
    const members = await Promise.all(Array.from({ length: 8 }, () => createMember(account.accountId)));
    // Half move to Admin while new members join as User, all at once.
    await Promise.all([
      ...members.slice(0, 4).map((member) => setMemberRoles(actor, member.membershipId, [account.roleIds.admin])),
      ...Array.from({ length: 4 }, () => createMember(account.accountId)),
    ]);
    const counts = await countsOf(actor);
    expect(counts.shown).toEqual(counts.actual);
    expect(counts.shown[account.roleIds.user]).toBe(8);
    expect(counts.shown[account.roleIds.admin]).toBe(4);
  });

  it('count only this role’s holders: another account’s members never show', async () => {
    const first = await createAccount();
    const second = await createAccount();
    const owner = await createMember(first.accountId, { role: 'owner' });
    await Promise.all(Array.from({ length: 3 }, () => createMember(second.accountId)));
    const shown = await listRoles(actorOf(owner, 'Owner'));
    expect(shown.find((role) => role.builtinKey === 'user')!.memberCount).toBe(0);
    const db = await getDb();
    const [row] = await select(db, sql`select members from role_member_counts where role_id = ${second.roleIds.user}`);
    expect(Number(row!.members)).toBe(3);
  });
});
