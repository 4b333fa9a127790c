import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountAccess } from '@/lib/access/account-access';
import { PermissionSpace } from '@/lib/access/permission-space';
import { naiveCheck } from '@/lib/access/reference';
import { holds, MAX_CHAIN_DEPTH, NO_OVERRIDES, type RoleInput } from '@/lib/access/resolver';

// A load hands the compiler each permission's bit and each base's place in the list (numbered by the
// database), so a cold load hashes no name. Compiled from those or from the names, an account must answer
// every check alike, and a copy of a role with other permissions must be read by its names.

const SYSTEM = Array.from({ length: 40 }, (_, index) => ({ name: `m${index % 5}.p${index}`, module: index % 3 === 0 ? undefined : `m${index % 5}` }));
const SPACE = new PermissionSpace(SYSTEM);
const NAMES = SYSTEM.map((definition) => definition.name);
const SYSTEM_NAMES = new Set(NAMES);
const moduleOf = (name: string) => SYSTEM.find((definition) => definition.name === name)?.module;
const PRIVILEGES = Array.from({ length: 40 }, (_, index) => `custom.c${index}`);
const CHECKED = [...NAMES, ...PRIVILEGES, 'unknown.name'];

/** As the loader hands roles over: bits and base positions beside the names. */
function asLoaded(roles: readonly RoleInput[]): RoleInput[] {
  const position = new Map(roles.map((role, i) => [role.id, i]));
  return roles.map((role) => {
    const permissions = [...role.permissions];
    const bits = permissions.map((name) => SPACE.index.get(name) ?? -1);
    return { ...role, permissions, permissionBits: { space: SPACE, of: permissions, bits }, basePosition: role.baseRoleId === null ? null : (position.get(role.baseRoleId) ?? null) };
  });
}

const roleGraph = fc.integer({ min: 1, max: 14 }).chain((count) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: count, maxLength: count }),
      fc.array(fc.uniqueArray(fc.constantFrom(...NAMES, 'retired.permission'), { maxLength: 6 }), { minLength: count, maxLength: count }),
      fc.array(fc.uniqueArray(fc.constantFrom(...PRIVILEGES, NAMES[0]!), { maxLength: 3 }), { minLength: count, maxLength: count }),
      fc.boolean(),
    )
    .map(([bases, permissions, privileges, shuffled]) => {
      const roles: RoleInput[] = [];
      const depth: number[] = [];
      for (let index = 0; index < count; index += 1) {
        const candidates = roles.filter((_, position) => depth[position]! < MAX_CHAIN_DEPTH);
        const pick = index === 0 || bases[index]! % 4 === 0 ? null : (candidates[bases[index]! % Math.max(1, candidates.length)] ?? null);
        depth.push(pick ? depth[roles.indexOf(pick)]! + 1 : 0);
        roles.push({ id: `r${index}`, name: `Role ${index}`, baseRoleId: pick?.id ?? null, permissions: permissions[index]!, privileges: privileges[index]! });
      }
      // Stored order is not chain order.
      return shuffled ? roles.reverse() : roles;
    }),
);

describe('compiling from the numbers a load hands over', () => {
  it('answers every check as compiling from the names does, and as the naive walk does', () => {
    fc.assert(
      fc.property(roleGraph, fc.nat(), (roles, pick) => {
        const byNames = new AccountAccess(SPACE, roles);
        const byNumbers = new AccountAccess(SPACE, asLoaded(roles));
        const roleIds = [roles[pick % roles.length]!.id];
        const member = { roleIds, overrides: NO_OVERRIDES };
        for (const name of CHECKED) {
          const expected = naiveCheck(SYSTEM_NAMES, moduleOf, roles, roleIds, NO_OVERRIDES, name);
          const bit = SPACE.index.get(name) ?? name;
          expect(holds(byNumbers.accessOf(member), bit), name).toBe(expected);
          expect(holds(byNumbers.accessOf(member), name), name).toBe(expected);
          expect(holds(byNames.accessOf(member), name), name).toBe(expected);
        }
        expect([...byNumbers.compiled.keys()].sort()).toEqual([...byNames.compiled.keys()].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('reads a copy of a loaded role with other permissions by its names, not the bits it was loaded with', () => {
    const [root, child] = asLoaded([
      { id: 'root', name: 'Root', baseRoleId: null, permissions: [NAMES[0]!], privileges: [] },
      { id: 'child', name: 'Child', baseRoleId: 'root', permissions: [NAMES[1]!], privileges: [] },
    ]);
    // Same length, other permission: the bits carried over from the load must not be used.
    const changed: RoleInput = { ...child!, permissions: [NAMES[2]!] };
    const fresh = new AccountAccess(SPACE, [root!, changed]);
    const member = { roleIds: ['child'], overrides: NO_OVERRIDES };
    expect(holds(fresh.accessOf(member), NAMES[2]!)).toBe(true);
    expect(holds(fresh.accessOf(member), NAMES[1]!)).toBe(false);
    const patched = new AccountAccess(SPACE, [root!, child!]);
    expect(holds(patched.accessOf(member), NAMES[1]!)).toBe(true);
    patched.upsertRole(changed);
    expect(holds(patched.accessOf(member), NAMES[2]!)).toBe(true);
    expect(holds(patched.accessOf(member), NAMES[1]!)).toBe(false);
  });

  it('links by id when a base position does not name the base (a copy rebased elsewhere)', () => {
    const loaded = asLoaded([
      { id: 'a', name: 'A', baseRoleId: null, permissions: [NAMES[0]!], privileges: [] },
      { id: 'b', name: 'B', baseRoleId: null, permissions: [NAMES[1]!], privileges: [] },
      { id: 'c', name: 'C', baseRoleId: 'a', permissions: [], privileges: [] },
    ]);
    const rebased: RoleInput = { ...loaded[2]!, baseRoleId: 'b' };
    const account = new AccountAccess(SPACE, [loaded[0]!, loaded[1]!, rebased]);
    const member = { roleIds: ['c'], overrides: NO_OVERRIDES };
    expect(holds(account.accessOf(member), NAMES[1]!)).toBe(true);
    expect(holds(account.accessOf(member), NAMES[0]!)).toBe(false);
  });
});
