import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountAccess, type MemberAccess, type MemberView } from '@/lib/access/account-access';
import { compileRoles } from '@/lib/access/compile-graph';
import { PermissionSpace } from '@/lib/access/permission-space';
import { naiveCheck } from '@/lib/access/reference';
import { ALL_PRIVILEGES, holds, listGranted, MAX_CHAIN_DEPTH, NO_OVERRIDES, resolveAccess, type OverrideInput, type RoleInput } from '@/lib/access/resolver';

// Members share compiled access (a role's own, or a slot per roles-and-overrides) that is updated in place
// when roles change: whatever the order of loads and changes, every answer is the naive walk's.

const SYSTEM = Array.from({ length: 40 }, (_, index) => ({ name: `m${index % 5}.p${index}`, module: index % 3 === 0 ? undefined : `m${index % 5}` }));
const SPACE = new PermissionSpace(SYSTEM);
const SYSTEM_NAMES = new Set(SYSTEM.map((definition) => definition.name));
const moduleOf = (name: string) => SYSTEM.find((definition) => definition.name === name)?.module;
// Enough privilege names that new ones force the masks wider (more than a word of them).
const PRIVILEGES = Array.from({ length: 70 }, (_, index) => `custom.c${index}`);
const privilegeName = fc.oneof(fc.constantFrom(...PRIVILEGES), fc.constantFrom(...SYSTEM.slice(0, 5).map((d) => d.name)));
const permissionName = fc.constantFrom(...SYSTEM.map((definition) => definition.name));
const anyName = fc.oneof(permissionName, fc.constantFrom(...PRIVILEGES), fc.constantFrom('unknown.name'));

/** Random acyclic role graphs: role i may only be based on a role before it; depth limited. */
const roleGraph = fc.integer({ min: 1, max: 16 }).chain((count) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: count, maxLength: count }),
      fc.array(fc.uniqueArray(permissionName, { maxLength: 6 }), { minLength: count, maxLength: count }),
      fc.array(fc.uniqueArray(privilegeName, { maxLength: 2 }), { minLength: count, maxLength: count }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: count, maxLength: count }),
    )
    .map(([bases, permissions, privileges, owners]) => {
      const roles: RoleInput[] = [];
      const depth: number[] = [];
      for (let index = 0; index < count; index += 1) {
        const candidates = roles.filter((_, position) => depth[position]! < MAX_CHAIN_DEPTH);
        const pick = index === 0 || bases[index]! % 4 === 0 ? null : (candidates[bases[index]! % Math.max(1, candidates.length)] ?? null);
        depth.push(pick ? depth[roles.indexOf(pick)]! + 1 : 0);
        const allPrivileges = !pick && owners[index] === 0 ? { allPrivileges: true } : {};
        roles.push({ id: `r${index}`, name: `Role ${index}`, baseRoleId: pick?.id ?? null, permissions: permissions[index]!, privileges: privileges[index]!, ...allPrivileges });
      }
      return roles;
    }),
);

const overrides: fc.Arbitrary<OverrideInput> = fc.oneof(
  fc.constant(NO_OVERRIDES),
  fc.record({
    grants: fc.uniqueArray(permissionName, { maxLength: 2 }),
    denies: fc.uniqueArray(anyName, { maxLength: 2 }),
    hiddenModules: fc.uniqueArray(fc.constantFrom('m0', 'm1', 'm2', 'm3', 'm4'), { maxLength: 1 }),
  }),
);

/** Members by index into the roles (a missing role too: 'gone'), with or without overrides. */
const members = fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 0, maxLength: 3 }), overrides, fc.boolean()), { minLength: 1, maxLength: 6 });

/** A change: new grants for an existing role, or a new role (new privileges among them) on an existing base. */
const changes = fc.array(
  fc.tuple(fc.boolean(), fc.nat(), fc.uniqueArray(permissionName, { maxLength: 4 }), fc.uniqueArray(fc.constantFrom(...PRIVILEGES), { maxLength: 40 })),
  { maxLength: 5 },
);

function applyChange(current: RoleInput[], [adds, pick, permissions, privileges]: [boolean, number, string[], string[]], step: number): RoleInput {
  const target = current[pick % current.length]!;
  if (!adds) return { ...target, permissions, privileges };
  const depthOf = (role: RoleInput): number => (role.baseRoleId ? 1 + depthOf(current.find((other) => other.id === role.baseRoleId)!) : 0);
  const base = depthOf(target) < MAX_CHAIN_DEPTH ? target.id : null;
  return { id: `new${step}`, name: `New ${step}`, baseRoleId: base, permissions, privileges };
}

describe('shared member access stays exact through changes', () => {
  it('for members of several roles and with overrides, resolved before and after any sequence of changes', () => {
    fc.assert(
      fc.property(roleGraph, members, changes, fc.array(anyName, { minLength: 1, maxLength: 12 }), (roles, memberPicks, changeList, names) => {
        const account = new AccountAccess(SPACE, roles);
        const ids = roles.map((role) => role.id);
        const views: MemberView[] = memberPicks.map(([picks, memberOverrides]) => ({ roleIds: picks.map((pick) => (pick % 7 === 6 ? 'gone' : ids[pick % ids.length]!)), overrides: memberOverrides }));
        // What the cache keeps: each member's access as first resolved (some before any change, some after).
        const kept: (MemberAccess | undefined)[] = views.map((view, i) => (memberPicks[i]![2] ? account.accessOf(view) : undefined));
        let current = [...roles];
        changeList.forEach((change, step) => {
          const changed = applyChange(current, change, step);
          account.upsertRole(changed);
          current = current.some((role) => role.id === changed.id) ? current.map((role) => (role.id === changed.id ? changed : role)) : [...current, changed];
        });
        views.forEach((view, i) => {
          const access = account.accessOf(kept[i] ?? view);
          expect(access.roleIds).toEqual(view.roleIds);
          for (const name of names) {
            expect(holds(access, name)).toBe(naiveCheck(SYSTEM_NAMES, moduleOf, current, view.roleIds, view.overrides, name));
          }
          // The one-shot path answers the same, and so does the list of what is granted.
          const fresh = resolveAccess(SPACE, compileRoles(SPACE, current), view.roleIds, view.overrides);
          expect(listGranted(access)).toEqual(listGranted(fresh));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('when the account is loaded again (another graph), for the access a member had in the earlier one', () => {
    fc.assert(
      fc.property(roleGraph, members, changes, fc.array(anyName, { minLength: 1, maxLength: 12 }), (roles, memberPicks, changeList, names) => {
        const before = new AccountAccess(SPACE, roles);
        const ids = roles.map((role) => role.id);
        const views: MemberView[] = memberPicks.map(([picks, memberOverrides]) => ({ roleIds: picks.map((pick) => ids[pick % ids.length]!), overrides: memberOverrides }));
        const kept = views.map((view) => before.accessOf(view));
        let current = [...roles];
        changeList.forEach((change, step) => {
          const changed = applyChange(current, change, step);
          current = current.some((role) => role.id === changed.id) ? current.map((role) => (role.id === changed.id ? changed : role)) : [...current, changed];
        });
        const reloaded = new AccountAccess(SPACE, current);
        views.forEach((view, i) => {
          const access = reloaded.accessOf(kept[i]!);
          for (const name of names) expect(holds(access, name)).toBe(naiveCheck(SYSTEM_NAMES, moduleOf, current, view.roleIds, view.overrides, name));
        });
      }),
      { numRuns: 200 },
    );
  });
});

const OWNER: RoleInput = { id: 'owner', name: 'Owner', baseRoleId: null, permissions: ['m0.p0'], privileges: [], allPrivileges: true };
const USER: RoleInput = { id: 'user', name: 'User', baseRoleId: null, permissions: ['m1.p1'], privileges: ['custom.c1'] };
const SALES: RoleInput = { id: 'sales', name: 'Sales', baseRoleId: 'user', permissions: ['m2.p2'], privileges: ['custom.c2'] };
const LEAD: RoleInput = { id: 'lead', name: 'Lead', baseRoleId: 'sales', permissions: ['m3.p3'], privileges: [] };

describe('members share compiled access', () => {
  it('a member of one role, with no overrides, reads the compiled role itself', () => {
    const account = new AccountAccess(SPACE, [OWNER, USER, SALES, LEAD]);
    expect(account.accessOf({ roleIds: ['lead'], overrides: NO_OVERRIDES })).toBe(account.compiled.get('lead'));
    expect(account.accessOf({ roleIds: ['lead'], overrides: { grants: [], denies: [], hiddenModules: [] } })).toBe(account.compiled.get('lead'));
  });

  it('members with the same roles and overrides share one access; any difference gets its own', () => {
    const account = new AccountAccess(SPACE, [OWNER, USER, SALES, LEAD]);
    const deny = { grants: [], denies: ['custom.c1'], hiddenModules: [] };
    const pair = account.accessOf({ roleIds: ['user', 'lead'], overrides: NO_OVERRIDES });
    expect(account.accessOf({ roleIds: ['user', 'lead'], overrides: NO_OVERRIDES })).toBe(pair);
    expect(account.accessOf({ roleIds: ['user', 'lead'], overrides: { ...deny } })).toBe(account.accessOf({ roleIds: ['user', 'lead'], overrides: { ...deny } }));
    expect(account.accessOf({ roleIds: ['user', 'lead'], overrides: deny })).not.toBe(pair);
    expect(account.accessOf({ roleIds: ['lead', 'user'], overrides: NO_OVERRIDES })).not.toBe(pair);
  });

  it('a change reaches the shared access in place: what a member holds on to sees it', () => {
    const account = new AccountAccess(SPACE, [OWNER, USER, SALES, LEAD]);
    const lead = account.accessOf({ roleIds: ['lead'], overrides: NO_OVERRIDES });
    const pair = account.accessOf({ roleIds: ['lead', 'owner'], overrides: NO_OVERRIDES });
    account.upsertRole({ ...USER, permissions: [], privileges: ['custom.new'] });
    expect(holds(lead, 'm1.p1')).toBe(false);
    expect(holds(lead, 'custom.new')).toBe(true);
    expect(account.accessOf(pair)).toBe(pair);
    expect(holds(pair, 'm1.p1')).toBe(false);
    expect(holds(pair, 'anything.at.all')).toBe(true);
  });

  it('a member whose role is created after they loaded gets it; one whose role is removed loses it', () => {
    const account = new AccountAccess(SPACE, [OWNER, USER]);
    const early = account.accessOf({ roleIds: ['sales'], overrides: NO_OVERRIDES });
    expect(holds(early, 'm1.p1')).toBe(false);
    account.upsertRole(SALES);
    expect(holds(account.accessOf(early), 'm1.p1')).toBe(true);
    expect(holds(account.accessOf(early), 'custom.c2')).toBe(true);
    const member = account.accessOf({ roleIds: ['sales'], overrides: NO_OVERRIDES });
    account.removeRole('sales');
    expect(holds(account.accessOf(member), 'm2.p2')).toBe(false);
  });

  it('lists the Owner’s every privilege, and a denied privilege nowhere', () => {
    const account = new AccountAccess(SPACE, [OWNER, USER, SALES]);
    const access = account.accessOf({ roleIds: ['owner', 'sales'], overrides: { grants: [], denies: ['custom.c2', 'custom.never'], hiddenModules: [] } });
    expect(listGranted(access).privileges).toEqual([ALL_PRIVILEGES, 'custom.c1']);
    expect(holds(access, 'custom.never')).toBe(false);
    expect(holds(access, 'custom.other')).toBe(true);
  });
});

describe('many members of several roles', () => {
  it('keep exact access while their slots’ store grows and is laid out again for wider masks', () => {
    const roles: RoleInput[] = Array.from({ length: 12 }, (_, i) => ({
      id: `r${i}`,
      name: `Role ${i}`,
      baseRoleId: i < 3 ? null : `r${i % 3}`,
      permissions: [SYSTEM[i]!.name, SYSTEM[(i * 7) % 40]!.name],
      privileges: [PRIVILEGES[i]!],
    }));
    const account = new AccountAccess(SPACE, roles);
    const views: MemberView[] = [];
    for (let a = 0; a < 12; a += 1) for (let b = a + 1; b < 12; b += 3) views.push({ roleIds: [`r${a}`, `r${b}`], overrides: b % 2 ? NO_OVERRIDES : { grants: [], denies: [PRIVILEGES[a]!], hiddenModules: [] } });
    const kept = views.map((view) => account.accessOf(view));
    // Forty new privileges on one role: the masks need more words, so the store is laid out again.
    const changed = { ...roles[4]!, privileges: PRIVILEGES.slice(20, 60) };
    account.upsertRole(changed);
    const current = roles.map((role) => (role.id === changed.id ? changed : role));
    const names = [...SYSTEM.map((d) => d.name), ...PRIVILEGES];
    views.forEach((view, i) => {
      const access = account.accessOf(kept[i]!);
      for (const name of names) expect(holds(access, name)).toBe(naiveCheck(SYSTEM_NAMES, moduleOf, current, view.roleIds, view.overrides, name));
    });
  });
});

describe('a role compiled late with many new privileges', () => {
  it('widens the masks without disturbing the access members already hold', () => {
    const roles: RoleInput[] = Array.from({ length: 8 }, (_, i) => ({
      id: `r${i}`,
      name: `Role ${i}`,
      baseRoleId: null,
      permissions: [SYSTEM[i]!.name],
      privileges: i === 7 ? PRIVILEGES.slice(10, 60) : [PRIVILEGES[i]!],
    }));
    const account = new AccountAccess(SPACE, roles);
    const views: MemberView[] = [];
    for (let a = 0; a < 7; a += 1) for (let b = 0; b < 7; b += 1) if (a !== b) views.push({ roleIds: [`r${a}`, `r${b}`], overrides: NO_OVERRIDES });
    const held = views.map((view) => account.accessOf(view));
    // Role 7 compiles now, on its first member: fifty privileges interned, masks wider, no role changed.
    expect(holds(account.accessOf({ roleIds: ['r7'], overrides: NO_OVERRIDES }), PRIVILEGES[59]!)).toBe(true);
    const names = [...SYSTEM.map((d) => d.name), ...PRIVILEGES];
    views.forEach((view, i) => {
      expect(account.accessOf(held[i]!)).toBe(held[i]);
      for (const name of names) expect(holds(held[i]!, name)).toBe(naiveCheck(SYSTEM_NAMES, moduleOf, roles, view.roleIds, view.overrides, name));
    });
  });
});
