import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/access/checks';
import { DalError } from '@/lib/dal/core/errors';
import { setMemberRoles } from '@/lib/dal/members/set-member-access';
import { listRoleOptions } from '@/lib/dal/roles/list-role-options';
import { createRole } from '@/lib/dal/roles/save-role';
import { listRoles } from '@/lib/dal/roles/list-roles';
import { createRoleSchema } from '@/lib/validation/access';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Account;
let owner: Actor;
let admin: Actor;
let custom: Record<'analyst' | 'senior' | 'chatBoss' | 'exporter' | 'roleKeeper', string>;

beforeAll(async () => {
  account = await createAccount('Options Co');
  owner = actorOf(await createMember(account.accountId, { role: 'owner' }), 'Owner');
  admin = actorOf(await createMember(account.accountId, { role: 'admin' }), 'Admin');
  const role = async (input: Record<string, unknown>) => (await createRole(owner, createRoleSchema.parse(input))).id;
  const analyst = await role({ name: 'Analyst', baseRoleId: account.roleIds.user, permissions: ['insight.view'] });
  custom = {
    analyst,
    senior: await role({ name: 'Senior analyst', baseRoleId: analyst, permissions: ['reports.view'] }),
    chatBoss: await role({ name: 'Chat boss', baseRoleId: account.roleIds.user, permissions: ['webchat.manage'] }), // beyond an Admin
    exporter: await role({ name: 'Exporter', baseRoleId: account.roleIds.user, privileges: 'report.export' }), // a privilege no Admin holds
    roleKeeper: await role({ name: 'Role keeper', baseRoleId: account.roleIds.guest, permissions: ['roles.manage'] }),
  };
  // Another account's roles never show up.
  const other = await createAccount('Elsewhere');
  await createRole(actorOf(await createMember(other.accountId, { role: 'owner' }), 'Other'), createRoleSchema.parse({ name: 'Foreign', baseRoleId: other.roleIds.user }));
});

describe('listRoleOptions', () => {
  it('offers the same roles as listRoles, in the same order, with what each grants', async () => {
    const [options, views] = await Promise.all([listRoleOptions(owner), listRoles(owner)]);
    expect(options).toEqual(views.map((view) => expect.objectContaining({ id: view.id, name: view.name, builtinKey: view.builtinKey, effectivePermissions: view.effectivePermissions })));
    expect(options.map((option) => option.name)).toEqual(['Owner', 'Admin', 'User', 'Guest', 'Analyst', 'Chat boss', 'Exporter', 'Role keeper', 'Senior analyst']);
    expect(options[0]).not.toHaveProperty('memberCount');
  });

  it('marks assignable exactly the roles the actor may give: an Owner every one, an Admin none beyond their own access', async () => {
    expect((await listRoleOptions(owner)).every((option) => option.assignable)).toBe(true);
    const forAdmin = Object.fromEntries((await listRoleOptions(admin)).map((option) => [option.name, option.assignable]));
    expect(forAdmin).toEqual({
      Owner: false,
      Admin: true,
      User: true,
      Guest: true,
      Analyst: true,
      'Senior analyst': true,
      'Chat boss': false,
      Exporter: false,
      'Role keeper': true,
    });
  });

  it('says assignable where setMemberRoles accepts the role, and not where it refuses it', async () => {
    const target = await createMember(account.accountId, { role: 'user' });
    for (const option of await listRoleOptions(admin)) {
      const assigning = setMemberRoles(admin, target.membershipId, [option.id]);
      if (option.assignable) await expect(assigning, option.name).resolves.toBeUndefined();
      else await expect(assigning, option.name).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('refuses a member without users.manage, even one who may manage roles', async () => {
    const plain = await createMember(account.accountId, { role: 'user' });
    await expect(listRoleOptions(actorOf(plain, 'Plain'))).rejects.toThrow(DalError);
    const keeper = await createMember(account.accountId, { role: 'guest' });
    await setMemberRoles(owner, keeper.membershipId, [custom.roleKeeper]);
    const keeperActor = actorOf(keeper, 'Keeper');
    await expect(listRoles(keeperActor)).resolves.toHaveLength(9); // roles.manage is enough for the Roles page
    await expect(listRoleOptions(keeperActor)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('users.manage') });
  });
});
