import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { departmentMembers, departments, groupMembers, groupRoles, groups, teamMembers, teams } from '@/db/schema';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

/** The constraint a refused write names, whichever engine refused it (postgres.js or PGlite). */
async function refusal(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (error) {
    for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
      const named = (cause as { constraint_name?: string; constraint?: string }).constraint_name ?? (cause as { constraint?: string }).constraint;
      if (named) return named;
    }
    throw error;
  }
  throw new Error('the write was not refused');
}

async function department(accountId: string, name: string, parentId: string | null = null) {
  const db = await getDb();
  const [row] = await db.insert(departments).values({ accountId, name, parentId }).returning({ id: departments.id });
  return row!.id;
}

describe('organization schema: what the database itself refuses (issue 16)', () => {
  it('department names are unique per account whatever their case, and free in another account', async () => {
    const [a, b] = [await createAccount(), await createAccount()];
    await department(a.accountId, 'Sales');
    expect(await refusal(department(a.accountId, 'sales'))).toBe('departments_account_name_unique');
    await expect(department(b.accountId, 'Sales')).resolves.toBeTruthy();
    expect(await refusal(department(a.accountId, ' Padded '))).toBe('departments_name_shape');
    expect(await refusal(department(a.accountId, ''))).toBe('departments_name_shape');
  });

  it('a department tree has no cycle and at most ten levels, and no parent from another account', async () => {
    const [a, b] = [await createAccount(), await createAccount()];
    const db = await getDb();
    const chain = [await department(a.accountId, 'L1')];
    for (let level = 2; level <= 10; level++) chain.push(await department(a.accountId, `L${level}`, chain.at(-1)!));
    expect(await refusal(department(a.accountId, 'L11', chain.at(-1)!))).toBe('departments_max_depth');
    // Moving the root under its own descendant would close a loop.
    expect(await refusal(db.update(departments).set({ parentId: chain[4]! }).where(sql`${departments.id} = ${chain[0]!}`))).toBe('departments_no_cycle');
    expect(await refusal(db.update(departments).set({ parentId: chain[0]! }).where(sql`${departments.id} = ${chain[0]!}`))).toBe('departments_no_cycle');
    // (The trigger names a department placed under itself a cycle before the departments_not_own_parent check runs.)
    // A subtree of two levels moved under level 9 would reach 11.
    const other = await department(a.accountId, 'Other');
    await department(a.accountId, 'Other child', other);
    expect(await refusal(db.update(departments).set({ parentId: chain[8]! }).where(sql`${departments.id} = ${other}`))).toBe('departments_max_depth');
    await db.update(departments).set({ parentId: chain[7]! }).where(sql`${departments.id} = ${other}`);
    // A parent from another account is not a parent at all.
    const foreign = await department(b.accountId, 'Foreign');
    expect(await refusal(department(a.accountId, 'Stray', foreign))).toBe('departments_parent_fk');
    // A department with sub-departments is not deleted from under them.
    expect(await refusal(db.delete(departments).where(sql`${departments.id} = ${chain[0]!}`))).toBe('departments_parent_fk');
  });

  it('two moves at once cannot make a loop together', async () => {
    const account = await createAccount();
    const db = await getDb();
    const [x, y] = [await department(account.accountId, 'X'), await department(account.accountId, 'Y')];
    const results = await Promise.allSettled([
      db.transaction(async (tx) => {
        await tx.update(departments).set({ parentId: y }).where(sql`${departments.id} = ${x}`);
        await tx.execute(sql`select pg_sleep(0.2)`);
      }),
      db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(0.05)`);
        await tx.update(departments).set({ parentId: x }).where(sql`${departments.id} = ${y}`);
      }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rows = await db.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(sql`${departments.accountId} = ${account.accountId}`);
    expect(rows.filter((row) => row.parentId !== null)).toHaveLength(1);
  });

  it('email and phone shapes are checked', async () => {
    const account = await createAccount();
    const db = await getDb();
    expect(await refusal(db.insert(departments).values({ accountId: account.accountId, name: 'Bad phone', phone: '0123' }))).toBe('departments_phone_e164');
    expect(await refusal(db.insert(departments).values({ accountId: account.accountId, name: 'Bad mail', email: 'not-an-email' }))).toBe('departments_email_shape');
    expect(await refusal(db.insert(groups).values({ accountId: account.accountId, name: 'Support', email: 'two@@x.io' }))).toBe('groups_email_shape');
    await db.insert(departments).values({ accountId: account.accountId, name: 'Fine', phone: '+442071234567', email: 'sales@example.com' });
  });

  it('no link crosses accounts: members, structures and roles of another account are refused', async () => {
    const [a, b] = [await createAccount(), await createAccount()];
    const db = await getDb();
    const outsider = await createMember(b.accountId);
    const dep = await department(a.accountId, 'Sales');
    const [team] = await db.insert(teams).values({ accountId: a.accountId, name: 'Core' }).returning();
    const [group] = await db.insert(groups).values({ accountId: a.accountId, name: 'Support' }).returning();
    expect(await refusal(db.insert(departmentMembers).values({ accountId: a.accountId, departmentId: dep, membershipId: outsider.membershipId }))).toBe('department_members_membership_fk');
    expect(await refusal(db.insert(teamMembers).values({ accountId: b.accountId, teamId: team!.id, membershipId: outsider.membershipId }))).toBe('team_members_structure_fk');
    expect(await refusal(db.insert(groupMembers).values({ accountId: a.accountId, groupId: group!.id, membershipId: outsider.membershipId }))).toBe('group_members_membership_fk');
    expect(await refusal(db.insert(groupRoles).values({ accountId: a.accountId, groupId: group!.id, roleId: b.roleIds.admin }))).toBe('group_roles_role_fk');
    await db.insert(groupRoles).values({ accountId: a.accountId, groupId: group!.id, roleId: a.roleIds.admin });
    // A role a group carries is not deleted from under it.
    expect(await refusal(db.execute(sql`delete from roles where id = ${a.roleIds.admin}`))).toBe('group_roles_role_fk');
  });

  it('a primary team is one of the member’s teams, at most one; the responsible person is a member and is cleared when they leave', async () => {
    const account = await createAccount();
    const db = await getDb();
    const [ada, bob] = [await createMember(account.accountId), await createMember(account.accountId)];
    const [core, ops] = await db.insert(teams).values([{ accountId: account.accountId, name: 'Core' }, { accountId: account.accountId, name: 'Ops' }]).returning();
    await db.insert(teamMembers).values([
      { accountId: account.accountId, teamId: core!.id, membershipId: ada.membershipId, isPrimary: true },
      { accountId: account.accountId, teamId: ops!.id, membershipId: bob.membershipId },
    ]);
    expect(await refusal(db.insert(teamMembers).values({ accountId: account.accountId, teamId: ops!.id, membershipId: ada.membershipId, isPrimary: true }))).toBe('team_members_one_primary');
    // Bob is not in Core: he cannot be responsible for it (checked at commit).
    expect(await refusal(db.transaction((tx) => tx.update(teams).set({ responsibleMembershipId: bob.membershipId }).where(sql`${teams.id} = ${core!.id}`)))).toBe('teams_responsible_is_member');
    // A team and its responsible first member written in one transaction, in either order.
    const newTeam = await db.transaction(async (tx) => {
      const [created] = await tx.insert(teams).values({ accountId: account.accountId, name: 'New', responsibleMembershipId: bob.membershipId }).returning();
      await tx.insert(teamMembers).values({ accountId: account.accountId, teamId: created!.id, membershipId: bob.membershipId });
      return created!.id;
    });
    await db.update(teams).set({ responsibleMembershipId: ada.membershipId }).where(sql`${teams.id} = ${core!.id}`);
    await db.delete(teamMembers).where(sql`${teamMembers.teamId} = ${core!.id} and ${teamMembers.membershipId} = ${ada.membershipId}`);
    const [after] = await db.select({ responsible: teams.responsibleMembershipId }).from(teams).where(sql`${teams.id} = ${core!.id}`);
    expect(after!.responsible).toBeNull();
    // Deleting a team takes its members (and its responsible link) with it.
    await db.delete(teams).where(sql`${teams.id} = ${newTeam}`);
    expect(await db.select().from(teamMembers).where(sql`${teamMembers.teamId} = ${newTeam}`)).toHaveLength(0);
  });

  it('removing a member from the account removes them from every structure', async () => {
    const account = await createAccount();
    const db = await getDb();
    const ada = await createMember(account.accountId);
    const dep = await department(account.accountId, 'Sales');
    const [group] = await db.insert(groups).values({ accountId: account.accountId, name: 'Support' }).returning();
    await db.insert(departmentMembers).values({ accountId: account.accountId, departmentId: dep, membershipId: ada.membershipId });
    await db.insert(groupMembers).values({ accountId: account.accountId, groupId: group!.id, membershipId: ada.membershipId });
    await db.execute(sql`delete from memberships where id = ${ada.membershipId}`);
    expect(await db.select().from(departmentMembers)).toHaveLength(0);
    expect(await db.select().from(groupMembers).where(sql`${groupMembers.groupId} = ${group!.id}`)).toHaveLength(0);
  });
});
