import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountAccess } from '@/lib/access/account-access';
import { memberRoleIds } from '@/lib/access/member-roles';
import { naiveCheck } from '@/lib/access/reference';
import { AccessGraphError, holds, MAX_CHAIN_DEPTH, resolveAccess, type RoleInput } from '@/lib/access/resolver';
import { compileRoles } from '@/lib/access/compile-graph';
import { PermissionSpace } from '@/lib/access/permission-space';

// A small permission space, so random graphs hit the same names often.
const SYSTEM = Array.from({ length: 40 }, (_, index) => ({ name: `m${index % 5}.p${index}`, module: index % 3 === 0 ? undefined : `m${index % 5}` }));
const SPACE = new PermissionSpace(SYSTEM);
const SYSTEM_NAMES = new Set(SYSTEM.map((definition) => definition.name));
const moduleOf = (name: string) => SYSTEM.find((definition) => definition.name === name)?.module;
const PRIVILEGES = ['app.crm', 'report.export', 'custom.a', 'custom.b', 'custom.c'];
// Privileges may carry system names too: the system permission must win.
const privilegeName = fc.oneof(fc.constantFrom(...PRIVILEGES), fc.constantFrom(...SYSTEM.slice(0, 5).map((d) => d.name)));
const permissionName = fc.constantFrom(...SYSTEM.map((definition) => definition.name));
const anyName = fc.oneof(permissionName, fc.constantFrom(...PRIVILEGES));

/** Random acyclic role graphs: role i may only be based on a role before it, so no cycles; depth limited. */
const roleGraph = fc.integer({ min: 1, max: 24 }).chain((count) =>
  fc.tuple(
    fc.array(fc.nat(), { minLength: count, maxLength: count }),
    fc.array(fc.uniqueArray(permissionName, { maxLength: 6 }), { minLength: count, maxLength: count }),
    fc.array(fc.uniqueArray(privilegeName, { maxLength: 3 }), { minLength: count, maxLength: count }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: count, maxLength: count }),
  ).map(([bases, permissions, privileges, owners]) => {
    const roles: RoleInput[] = [];
    const depth: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const candidates = roles.filter((_, position) => depth[position]! < MAX_CHAIN_DEPTH);
      const pick = index === 0 || bases[index]! % 4 === 0 ? null : candidates[bases[index]! % Math.max(1, candidates.length)] ?? null;
      depth.push(pick ? depth[roles.indexOf(pick)]! + 1 : 0);
      // A root now and then holds every privilege, as the Owner does.
      const allPrivileges = !pick && owners[index] === 0 ? { allPrivileges: true } : {};
      roles.push({ id: `r${index}`, name: `Role ${index}`, baseRoleId: pick?.id ?? null, permissions: permissions[index]!, privileges: privileges[index]!, ...allPrivileges });
    }
    return roles;
  }),
);

const overrides = fc.record({
  grants: fc.uniqueArray(permissionName, { maxLength: 3 }),
  denies: fc.uniqueArray(anyName, { maxLength: 3 }),
  hiddenModules: fc.uniqueArray(fc.constantFrom('m0', 'm1', 'm2', 'm3', 'm4'), { maxLength: 2 }),
});

describe('the compiled check equals a naive walk of the chain', () => {
  it('for random role graphs, role sets, overrides and names', () => {
    fc.assert(
      fc.property(roleGraph, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), overrides, fc.array(anyName, { minLength: 1, maxLength: 20 }), (roles, picks, override, names) => {
        const roleIds = [...new Set(picks.map((pick) => roles[pick % roles.length]!.id))];
        const access = resolveAccess(SPACE, compileRoles(SPACE, roles), roleIds, override);
        for (const name of names) {
          expect(holds(access, name)).toBe(naiveCheck(SYSTEM_NAMES, moduleOf, roles, roleIds, override, name));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('after any sequence of role changes applied in place', () => {
    fc.assert(
      fc.property(
        roleGraph,
        fc.array(fc.tuple(fc.nat(), fc.uniqueArray(permissionName, { maxLength: 4 }), fc.uniqueArray(privilegeName, { maxLength: 2 })), { maxLength: 6 }),
        fc.array(anyName, { minLength: 1, maxLength: 10 }),
        (roles, changes, names) => {
          const account = new AccountAccess(SPACE, roles);
          let current = [...roles];
          for (const [pick, permissions, privileges] of changes) {
            const target = current[pick % current.length]!;
            const changed = { ...target, permissions, privileges };
            account.upsertRole(changed);
            current = current.map((role) => (role.id === changed.id ? changed : role));
          }
          for (const role of current) {
            const access = account.resolve({ roleIds: [role.id], overrides: { grants: [], denies: [], hiddenModules: [] } });
            for (const name of names) {
              expect(holds(access, name)).toBe(naiveCheck(SYSTEM_NAMES, moduleOf, current, [role.id], { grants: [], denies: [], hiddenModules: [] }, name));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('with roles held directly and through groups: the union of every chain, deny still wins, one shared access per set', () => {
    const picks = fc.array(fc.nat(), { maxLength: 3 });
    fc.assert(
      fc.property(roleGraph, picks, fc.array(picks, { maxLength: 3 }), overrides, fc.array(anyName, { minLength: 1, maxLength: 20 }), (roles, direct, groups, override, names) => {
        const idOf = (pick: number) => roles[pick % roles.length]!.id;
        const directIds = direct.map(idOf);
        const groupIds = groups.map((group) => group.map(idOf));
        const roleIds = memberRoleIds(directIds, groupIds.flat());
        const account = new AccountAccess(SPACE, roles);
        const access = account.resolve({ roleIds, overrides: override });
        // The specification walks every role as given, duplicates and all.
        const reference = [...directIds, ...groupIds.flat()];
        for (const name of names) {
          expect(holds(access, name)).toBe(naiveCheck(SYSTEM_NAMES, moduleOf, roles, reference, override, name));
          if (override.denies.includes(name)) expect(holds(access, name)).toBe(false);
        }
        // The same set reached the other way round (groups' roles given directly, and the reverse) shares the access.
        const swapped = account.resolve({ roleIds: memberRoleIds(groupIds.flat().reverse(), [...directIds].reverse()), overrides: override });
        expect(swapped).toBe(access);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every rebase that would close a cycle', () => {
    fc.assert(
      fc.property(roleGraph, fc.nat(), (roles, pick) => {
        const withChildren = roles.filter((role) => roles.some((other) => other.baseRoleId === role.id));
        fc.pre(withChildren.length > 0);
        const parent = withChildren[pick % withChildren.length]!;
        const child = roles.find((role) => role.baseRoleId === parent.id)!;
        const account = new AccountAccess(SPACE, roles);
        expect(() => account.upsertRole({ ...parent, baseRoleId: child.id })).toThrow(AccessGraphError);
      }),
      { numRuns: 200 },
    );
  });
});
