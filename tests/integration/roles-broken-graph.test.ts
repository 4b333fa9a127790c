import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { getDb } from '@/db/client';
import { membershipRoles, roles } from '@/db/schema';
import { hasPermission } from '@/lib/access/catalogue';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { accessCache, getMemberAccess } from '@/lib/access/process-cache';
import { decideGate } from '@/lib/auth/gate';
import { DalError } from '@/lib/dal/core/errors';
import { getRoleMatrix } from '@/lib/dal/roles/get-role-matrix';
import { planDuplicateRole } from '@/lib/dal/roles/duplicate-role';
import { listRoleOptions } from '@/lib/dal/roles/list-role-options';
import { createRole, updateRole } from '@/lib/dal/roles/save-role';
import { deleteRole } from '@/lib/dal/roles/delete-role';
import { getRole, listRoles } from '@/lib/dal/roles/list-roles';
import { getRoleUsage } from '@/lib/dal/roles/get-role-usage';
import { actorOf } from '../support/actors';
import { withTestAuthSecret } from '../support/auth-secret';
import { sessionCookieFor } from '../support/cookies';
import { createAccount, createMember, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

// A stored role graph that does not compile (written around the checks: by hand in SQL, or by a bug)
// must never take the account down: the broken roles grant nothing, everything else keeps working, and
// the Owner can open the roles and fix it.

withTestAuthSecret();
withTestDatabase();

let account: Account;
let owner: Actor & { email: string };
let counter = 0;
let errors: MockInstance<typeof console.error>;

beforeEach(async () => {
  account = await createAccount(`Broken Co ${(counter += 1)}`);
  const member = await createMember(account.accountId, { role: 'owner' });
  owner = { ...actorOf(member, 'Olive Owner'), email: member.email };
  errors = vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  errors.mockRestore();
});

async function role(baseRoleId: string, permissions: string[] = [], name = `Role ${(counter += 1)}`) {
  return (await createRole(owner, { name, description: '', baseRoleId, permissions, privileges: [] })).id;
}

/** A member holding these roles (replacing their built-in one), as an actor. */
async function memberOn(roleIds: string[]): Promise<Actor & { email: string }> {
  const member = await createMember(account.accountId, { role: 'user' });
  const db = await getDb();
  await db.delete(membershipRoles).where(eq(membershipRoles.membershipId, member.membershipId));
  await db.insert(membershipRoles).values(roleIds.map((roleId) => ({ membershipId: member.membershipId, roleId })));
  return { ...actorOf(member, 'Member'), email: member.email };
}

/** Writes a base link with SQL, around every check of the data layer. */
async function setBaseBySql(id: string, baseRoleId: string) {
  const db = await getDb();
  await db.update(roles).set({ baseRoleId }).where(eq(roles.id, id));
  accessCache().clear();
}

const access = (actor: Actor) => getMemberAccess(actor.accountId, actor.membershipId);

/** Sales (User + Insight) and Lead based on it, with Sales then based on Lead in SQL: a circle. */
async function circle() {
  const sales = await role(account.roleIds.user, ['insight.view'], `Sales ${counter}`);
  const lead = await role(sales, ['reports.view'], `Lead ${counter}`);
  const closer = await role(lead, ['crm.delete'], `Closer ${counter}`);
  const unrelated = await role(account.roleIds.user, ['insight.view'], `Unrelated ${counter}`);
  await setBaseBySql(sales, lead);
  return { sales, lead, closer, unrelated };
}

describe('a role graph broken around the checks', () => {
  it('keeps the Owner signed in with full access, and says loudly which roles are broken', async () => {
    const { sales, lead } = await circle();
    const ownerAccess = await access(owner);
    expect(hasPermission(ownerAccess, 'roles.manage')).toBe(true);
    expect(hasPermission(ownerAccess, 'dashboard.view')).toBe(true);

    const cookie = (await sessionCookieFor(owner.email)).value;
    expect(await decideGate('/login', cookie)).toEqual({ kind: 'home', path: '/dashboard' });
    expect(await decideGate('/settings/roles', cookie)).toMatchObject({ kind: 'pass' });

    const logged = errors.mock.calls.map((args) => args.join(' ')).join('\n');
    expect(logged).toContain(account.accountId);
    expect(logged).toContain(sales);
    expect(logged).toContain(lead);
    expect(logged).toMatch(/circle/);
  });

  it('lists the roles (broken ones marked, granting nothing) and opens a broken role in the editor', async () => {
    const { sales, lead, closer, unrelated } = await circle();
    const views = await listRoles(owner);
    const byId = new Map(views.map((view) => [view.id, view]));
    expect(byId.get(sales)!.broken).toMatch(/circle/);
    expect(byId.get(lead)!.broken).toMatch(/circle/);
    expect(byId.get(closer)!.broken).toMatch(/broken/);
    for (const id of [sales, lead, closer]) expect(byId.get(id)!.effectivePermissions).toEqual([]);
    expect(byId.get(unrelated)!.broken).toBeNull();
    expect(byId.get(unrelated)!.effectivePermissions).toContain('insight.view');
    expect(byId.get(account.roleIds.user)!.broken).toBeNull();

    const editing = await getRole(owner, sales);
    expect(editing.ownPermissions).toEqual(['insight.view']);
    expect(editing.baseRoleId).toBe(lead);
    // The matrix shows every role, the circle's too (they hang from no root).
    const matrix = await getRoleMatrix(owner);
    expect(matrix.columns.map((column) => column.id)).toEqual(expect.arrayContaining([sales, lead, closer]));
    // The delete dialog opens; copying waits until the role is fixed.
    await expect(getRoleUsage(owner, sales)).resolves.toMatchObject({ dependents: [{ id: lead }] });
    await expect(planDuplicateRole(owner, sales)).rejects.toMatchObject({ code: 'invalid' });
    // Nobody is offered a broken role to assign.
    const options = (await listRoleOptions(owner)).map((option) => option.id);
    expect(options).toContain(unrelated);
    expect(options).not.toContain(sales);
    expect(options).not.toContain(closer);
  });

  it('refuses a member on a broken role what the role would give, even its base’s, without an error; others are untouched', async () => {
    const { sales, closer, unrelated } = await circle();
    const onSales = await memberOn([sales]);
    const onCloser = await memberOn([closer]);
    const onBoth = await memberOn([closer, unrelated]);
    const onUser = await memberOn([account.roleIds.user]);

    for (const member of [onSales, onCloser]) {
      const held = await access(member);
      expect(hasPermission(held, 'insight.view')).toBe(false);
      expect(hasPermission(held, 'dashboard.view')).toBe(false);
      await expect(requirePermission(member, 'dashboard.view')).rejects.toMatchObject({ code: 'forbidden' });
      const cookie = (await sessionCookieFor(member.email)).value;
      expect(await decideGate('/dashboard', cookie)).toMatchObject({ kind: 'forbidden', permission: 'dashboard.view' });
      expect(await decideGate('/login', cookie)).toEqual({ kind: 'home', path: '/profile' });
      expect(await decideGate('/profile', cookie)).toMatchObject({ kind: 'pass' });
    }
    // What a working role of theirs gives still counts.
    expect(hasPermission(await access(onBoth), 'insight.view')).toBe(true);
    expect(hasPermission(await access(onUser), 'dashboard.view')).toBe(true);
  });

  it('lets the Owner change the rest, refuses building on the broken part, and repairs it by re-basing a role', async () => {
    const { sales, lead, closer } = await circle();
    const onCloser = await memberOn([closer]);

    // The rest of the account can still change.
    await expect(role(account.roleIds.user, ['reports.view'])).resolves.toBeTypeOf('string');
    // Building on the broken part is refused, with a typed error.
    const onBroken = role(lead);
    await expect(onBroken).rejects.toBeInstanceOf(DalError);
    await expect(onBroken).rejects.toMatchObject({ code: 'invalid' });
    // Editing a broken role without taking it out of the circle is refused.
    const stale = await getRole(owner, lead);
    await expect(
      updateRole(owner, { roleId: lead, version: stale.version, name: stale.name, description: '', baseRoleId: sales, permissions: ['reports.view', 'crm.view'], privileges: [] }),
    ).rejects.toMatchObject({ code: 'invalid' });

    // The repair: Sales back onto User.
    const broken = await getRole(owner, sales);
    await updateRole(owner, { roleId: sales, version: broken.version, name: broken.name, description: '', baseRoleId: account.roleIds.user, permissions: ['insight.view'], privileges: [] });
    const views = await listRoles(owner);
    expect(views.every((view) => view.broken === null)).toBe(true);
    expect(views.find((view) => view.id === closer)!.chain.map((link) => link.id)).toEqual([closer, lead, sales, account.roleIds.user]);
    // Every process reloads the account's roles on its next request; this one already has.
    const held = await access(onCloser);
    expect(hasPermission(held, 'crm.delete')).toBe(true);
    expect(hasPermission(held, 'insight.view')).toBe(true);
    expect(hasPermission(held, 'dashboard.view')).toBe(true);
  });

  it('a chain made too deep in SQL breaks only the roles past the limit', async () => {
    // User ← R1 ← … ← R10: R10 sits 10 levels deep, the limit. Basing R1 on another custom role takes R10 to 11.
    const extra = await role(account.roleIds.user);
    const chain = [await role(account.roleIds.user, ['insight.view'])];
    while (chain.length < 10) chain.push(await role(chain.at(-1)!));
    const onDeepest = await memberOn([chain.at(-1)!]);
    const onNinth = await memberOn([chain.at(-2)!]);
    await setBaseBySql(chain[0]!, extra);

    const views = new Map((await listRoles(owner)).map((view) => [view.id, view]));
    expect(views.get(chain.at(-1)!)!.broken).toMatch(/limit is 10/);
    expect(views.get(chain.at(-2)!)!.broken).toBeNull();
    expect(hasPermission(await access(onDeepest), 'insight.view')).toBe(false);
    expect(hasPermission(await access(onNinth), 'insight.view')).toBe(true);
    expect(hasPermission(await access(owner), 'roles.manage')).toBe(true);
  });

  it('repairs by deleting a broken role, its dependents moved onto a working base', async () => {
    const { sales, lead, closer } = await circle();
    const onCloser = await memberOn([closer]);
    await expect(deleteRole(owner, sales, undefined, { dependentsTo: lead })).rejects.toMatchObject({ code: 'invalid' });
    await deleteRole(owner, sales, undefined, { dependentsTo: account.roleIds.user });
    const views = await listRoles(owner);
    expect(views.every((view) => view.broken === null)).toBe(true);
    expect(views.find((view) => view.id === closer)!.chain.map((link) => link.id)).toEqual([closer, lead, account.roleIds.user]);
    expect(hasPermission(await access(onCloser), 'dashboard.view')).toBe(true);
  });
});
