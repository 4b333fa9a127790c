import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { roleGrants, roles } from '@/db/schema';
import { AccountAccess } from '@/lib/access/account-access';
import { PERMISSION_NAMES } from '@/lib/access/catalogue';
import { holds, type RoleInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { createAccount } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

// The loader has the database number what it can (each permission's bit, each base's place in the list), so
// a cold load compiles without hashing names: those numbers must be the catalogue's and the list's.

withTestDatabase();

describe('loading an account’s roles', () => {
  it('hands over each permission’s bit and each base’s place, and compiles as the names do', async () => {
    const account = await createAccount('Numbered Co');
    const db = await getDb();
    // Names chosen so that name order is not chain order; one stored permission the catalogue no longer has.
    const [zed] = await db.insert(roles).values({ accountId: account.accountId, name: 'Zed', baseRoleId: account.roleIds.user }).returning({ id: roles.id });
    const [alpha] = await db.insert(roles).values({ accountId: account.accountId, name: 'Alpha', baseRoleId: zed!.id }).returning({ id: roles.id });
    await db.insert(roleGrants).values([
      { roleId: zed!.id, kind: 'permission', name: 'insight.view' },
      { roleId: zed!.id, kind: 'permission', name: 'retired.feature' },
      { roleId: zed!.id, kind: 'privilege', name: 'report.export' },
      { roleId: alpha!.id, kind: 'permission', name: 'crm.delete' },
      { roleId: alpha!.id, kind: 'privilege', name: 'users.manage' },
    ]);

    const loaded = await loadAccountRoles(account.accountId);
    expect(loaded.map((role) => role.name)).toEqual([...loaded.map((role) => role.name)].sort());
    for (const role of loaded) {
      expect(role.basePosition === null ? null : loaded[role.basePosition!]!.id).toBe(role.baseRoleId);
      expect(role.permissionBits?.of).toBe(role.permissions);
      expect(role.permissionBits?.bits).toEqual(role.permissions.map((name) => SYSTEM_SPACE.index.get(name) ?? -1));
    }

    const byNames: RoleInput[] = loaded.map(({ permissionBits: _bits, basePosition: _position, ...role }) => role);
    const fromLoad = new AccountAccess(SYSTEM_SPACE, loaded);
    const fromNames = new AccountAccess(SYSTEM_SPACE, byNames);
    for (const role of loaded) {
      const member = { roleIds: [role.id], overrides: { grants: [], denies: [], hiddenModules: [] } };
      for (const name of [...PERMISSION_NAMES, 'report.export', 'retired.feature', 'users.manage']) {
        expect(holds(fromLoad.accessOf(member), name), `${role.name}: ${name}`).toBe(holds(fromNames.accessOf(member), name));
      }
    }
    const alphaMember = { roleIds: [alpha!.id], overrides: { grants: [], denies: [], hiddenModules: [] } };
    expect(holds(fromLoad.accessOf(alphaMember), 'insight.view')).toBe(true);
    expect(holds(fromLoad.accessOf(alphaMember), 'report.export')).toBe(true);
    expect(holds(fromLoad.accessOf(alphaMember), 'users.manage')).toBe(false);
    expect(holds(fromLoad.accessOf(alphaMember), 'retired.feature')).toBe(false);
  });
});
