import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { roles } from '@/db/schema';
import { hasPermission } from '@/lib/access/catalogue';
import type { Actor } from '@/lib/access/checks';
import { accessCache, getMemberAccess } from '@/lib/access/process-cache';
import { compileRoles } from '@/lib/access/compile-graph';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { DalError } from '@/lib/dal/core/errors';
import { duplicateRole } from '@/lib/dal/roles/duplicate-role';
import { createRole, updateRole } from '@/lib/dal/roles/save-role';
import { deleteRole } from '@/lib/dal/roles/delete-role';
import { listRoles } from '@/lib/dal/roles/list-roles';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

// Two editors saving at the same moment: every change to an account's role graph is serialized and checked
// again inside its transaction, so the second one is judged against what the first one stored. On PGlite
// (one connection) the calls are serialized anyway; on PostgreSQL they truly race.

withTestDatabase();

let account: Account;
let owner: Actor;
let admin: Actor;
let counter = 0;

// An account per test: a test that stores a broken graph must not take the next test's account with it.
beforeEach(async () => {
  account = await createAccount(`Race Co ${(counter += 1)}`);
  owner = actorOf(await createMember(account.accountId, { role: 'owner' }), 'Olive Owner');
  admin = actorOf(await createMember(account.accountId, { role: 'admin' }), 'Adam Admin');
});

async function role(baseRoleId: string, permissions: string[] = []) {
  return (await createRole(owner, { name: `Role ${(counter += 1)}`, description: '', baseRoleId, permissions, privileges: [] })).id;
}

async function stored(id: string) {
  const db = await getDb();
  const [row] = await db.select({ name: roles.name, baseRoleId: roles.baseRoleId, version: roles.version }).from(roles).where(eq(roles.id, id));
  return row!;
}

const rebase = async (actor: Actor, id: string, baseRoleId: string) => {
  const row = await stored(id);
  return () => updateRole(actor, { roleId: id, version: row.version, name: row.name, description: '', baseRoleId, permissions: [], privileges: [] });
};

/** Exactly one of the two calls succeeded, and the other was refused with a typed error, not a crash. */
function oneWinsOneRefused(results: PromiseSettledResult<unknown>[]) {
  expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  const refused = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')!;
  expect(refused.reason).toBeInstanceOf(DalError);
  expect(['conflict', 'invalid']).toContain((refused.reason as DalError).code);
}

/** The stored graph compiles (no cycle, no chain too deep), and the account still answers its Owner. */
async function graphStillWorks() {
  const inputs = await loadAccountRoles(account.accountId);
  expect(() => compileRoles(SYSTEM_SPACE, inputs)).not.toThrow();
  accessCache().clear();
  expect(hasPermission(await getMemberAccess(account.accountId, owner.membershipId), 'roles.manage')).toBe(true);
  await expect(listRoles(owner)).resolves.toBeDefined();
}

describe('role graph changes at the same moment', () => {
  it('two editors basing X on Y and Y on X at once: one is saved, the other refused, and no cycle is stored', async () => {
    for (let round = 0; round < 3; round += 1) {
      const x = await role(account.roleIds.user);
      const y = await role(account.roleIds.user);
      const [xOnY, yOnX] = await Promise.all([rebase(owner, x, y), rebase(admin, y, x)]);
      oneWinsOneRefused(await Promise.allSettled([xOnY(), yOnX()]));
      await graphStillWorks();
    }
  });

  it('deleting a role and moving its dependents, while one of them becomes the new base’s base: one is refused, no cycle', async () => {
    for (let round = 0; round < 3; round += 1) {
      const x = await role(account.roleIds.user);
      const y = await role(x);
      const d = await role(account.roleIds.user);
      // The delete bases Y on D; the edit bases D on Y. Each is fine alone; together they make a circle.
      const dOnY = await rebase(owner, d, y);
      oneWinsOneRefused(await Promise.allSettled([deleteRole(admin, x, undefined, { dependentsTo: d }), dOnY()]));
      await graphStillWorks();
    }
  });

  it('a new role at the end of a chain while the chain is made longer: the limit holds', async () => {
    // User ← R1 ← … ← R9: R9 sits 9 levels deep. A role on R9 sits at 10 (the limit); so does R9 once R1 gets a base of its own.
    const extra = await role(account.roleIds.user);
    const chain = [await role(account.roleIds.user)];
    while (chain.length < 9) chain.push(await role(chain.at(-1)!));
    const deepen = await rebase(owner, chain[0]!, extra);
    oneWinsOneRefused(
      await Promise.allSettled([createRole(admin, { name: `Deepest ${(counter += 1)}`, description: '', baseRoleId: chain.at(-1)!, permissions: [], privileges: [] }), deepen()]),
    );
    await graphStillWorks();
  });

  it('duplicating a role while its base is deleted (the role moved onto another base): no crash, no dangling base', async () => {
    for (let round = 0; round < 3; round += 1) {
      const base = await role(account.roleIds.user, ['insight.view']);
      const source = await role(base);
      const results = await Promise.allSettled([
        duplicateRole(admin, { roleId: source }),
        deleteRole(owner, base, undefined, { dependentsTo: account.roleIds.user }),
      ]);
      // Both may succeed (the copy judged after the delete is based where the original now is); a refusal is typed.
      for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DalError);
      expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
      await graphStillWorks();
    }
  });
});
