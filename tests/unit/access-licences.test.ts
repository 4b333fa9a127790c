import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountAccess, type MemberView } from '@/lib/access/account-access';
import { AccessCache } from '@/lib/access/cache';
import { SYSTEM_SPACE } from '@/lib/access/catalogue';
import { beyondActor } from '@/lib/access/escalation';
import { explainPermission } from '@/lib/access/explain';
import { explanationText } from '@/lib/access/explain-text';
import { LicenceGate, unlockedNames, type LicenceInput } from '@/lib/access/licences';
import { PermissionSpace } from '@/lib/access/permission-space';
import { naiveCheck } from '@/lib/access/reference';
import { authorityOf, holds, MAX_CHAIN_DEPTH, NO_OVERRIDES, type OverrideInput, type RoleInput } from '@/lib/access/resolver';

// Issue 17: what a licence pool unlocks is held only with a seat of a valid pool, whatever roles and override
// grants say; denials and hidden modules still win; an ended pool counts for nothing; the cache reloads the
// account when a pool's end passes; escalation checks read the access before gating.

const SYSTEM = Array.from({ length: 40 }, (_, index) => ({ name: `m${index % 5}.p${index}`, module: index % 3 === 0 ? undefined : `m${index % 5}` }));
const SPACE = new PermissionSpace(SYSTEM);
const SYSTEM_NAMES = new Set(SYSTEM.map((definition) => definition.name));
const moduleOf = (name: string) => SYSTEM.find((definition) => definition.name === name)?.module;
const PRIVILEGES = ['custom.a', 'custom.b', 'custom.c'];
const permissionName = fc.constantFrom(...SYSTEM.map((definition) => definition.name));
const anyName = fc.oneof(permissionName, fc.constantFrom(...PRIVILEGES));
const NOW = 1_800_000_000_000;

const roleGraph = fc.integer({ min: 1, max: 10 }).chain((count) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: count, maxLength: count }),
      fc.array(fc.uniqueArray(permissionName, { maxLength: 8 }), { minLength: count, maxLength: count }),
      fc.array(fc.uniqueArray(fc.constantFrom(...PRIVILEGES), { maxLength: 2 }), { minLength: count, maxLength: count }),
    )
    .map(([bases, permissions, privileges]) => {
      const roles: RoleInput[] = [];
      const depth: number[] = [];
      for (let index = 0; index < count; index += 1) {
        const candidates = roles.filter((_, position) => depth[position]! < MAX_CHAIN_DEPTH);
        const pick = index === 0 || bases[index]! % 3 === 0 ? null : (candidates[bases[index]! % Math.max(1, candidates.length)] ?? null);
        depth.push(pick ? depth[roles.indexOf(pick)]! + 1 : 0);
        roles.push({ id: `r${index}`, name: `Role ${index}`, baseRoleId: pick?.id ?? null, permissions: permissions[index]!, privileges: privileges[index]! });
      }
      return roles;
    }),
);

const pools = fc.array(
  fc.record({
    permissions: fc.uniqueArray(permissionName, { maxLength: 5 }),
    modules: fc.uniqueArray(fc.constantFrom('m0', 'm1', 'm2', 'm3', 'm4'), { maxLength: 2 }),
    // Ended, ending later, or no end.
    end: fc.constantFrom<number | null>(null, NOW - 1, NOW, NOW + 60_000),
  }),
  { maxLength: 4 },
);

const overrides: fc.Arbitrary<OverrideInput> = fc.oneof(
  fc.constant(NO_OVERRIDES),
  fc.record({
    grants: fc.uniqueArray(permissionName, { maxLength: 2 }),
    denies: fc.uniqueArray(anyName, { maxLength: 2 }),
    hiddenModules: fc.uniqueArray(fc.constantFrom('m0', 'm1', 'm2', 'm3', 'm4'), { maxLength: 1 }),
  }),
);

const members = fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 3 }), overrides, fc.array(fc.nat(), { maxLength: 3 })), { minLength: 1, maxLength: 6 });

describe('licence gating (property: the compiled answer is the naive walk’s)', () => {
  it('for any roles, pools, held licences and overrides, shared or not', () => {
    fc.assert(
      fc.property(roleGraph, pools, members, (roles, poolPicks, memberPicks) => {
        const licences: LicenceInput[] = poolPicks.map((pool, index) => ({ id: `l${index}`, key: `l${index}`, name: `Licence ${index}`, endsAt: pool.end, permissions: pool.permissions, modules: pool.modules }));
        const account = new AccountAccess(SPACE, roles, licences, NOW);
        const ids = roles.map((role) => role.id);
        for (const [rolePicks, memberOverrides, licencePicks] of memberPicks) {
          const held = licences.length ? [...new Set(licencePicks.map((pick) => licences[pick % licences.length]!.id))] : [];
          const view: MemberView = { roleIds: [...new Set(rolePicks.map((pick) => ids[pick % ids.length]!))].sort(), overrides: memberOverrides, licenceIds: held };
          const access = account.accessOf(view);
          for (const name of [...SYSTEM_NAMES, ...PRIVILEGES]) {
            const expected = naiveCheck(SYSTEM_NAMES, moduleOf, roles, view.roleIds, view.overrides, name, { pools: licences, held, now: NOW });
            expect(holds(access, name), name).toBe(expected);
            // The explanation agrees with the check.
            const explained = explainPermission(SPACE, account.roles, account.compiled, view.roleIds, view.overrides, name, undefined, { gate: account.gate, held });
            expect(explained.granted, name).toBe(expected);
          }
          // Before gating, it is the access of the same roles and overrides in an account without licences.
          const ungated = new AccountAccess(SPACE, roles).accessOf({ roleIds: view.roleIds, overrides: view.overrides });
          for (const name of SYSTEM_NAMES) expect(holds(authorityOf(access), name)).toBe(holds(ungated, name));
        }
      }),
      { numRuns: 300 },
    );
  });
});

const USER: RoleInput = { id: 'user', name: 'User', baseRoleId: null, permissions: ['crm.view', 'crm.create', 'tasks.view', 'dashboard.view'], privileges: [] };
const ADMIN: RoleInput = { id: 'admin', name: 'Admin', baseRoleId: 'user', permissions: ['users.manage', 'licences.manage', 'insight.view'], privileges: [] };
const CRM_PRO: LicenceInput = { id: 'crm', key: 'crm.pro', name: 'CRM Pro', endsAt: null, permissions: [], modules: ['crm'] };

describe('licence gate', () => {
  it('a member of one role whom gating does not touch reads the compiled role itself; one it touches, a slot shared by the same licences', () => {
    const account = new AccountAccess(SYSTEM_SPACE, [USER, ADMIN], [CRM_PRO], NOW);
    const licensed = account.accessOf({ roleIds: ['user'], overrides: NO_OVERRIDES, licenceIds: ['crm'] });
    expect(licensed).toBe(account.compiled.get('user'));
    expect(holds(licensed, 'crm.view')).toBe(true);
    const unlicensed = account.accessOf({ roleIds: ['user'], overrides: NO_OVERRIDES });
    expect(unlicensed).not.toBe(account.compiled.get('user'));
    expect(holds(unlicensed, 'crm.view')).toBe(false);
    expect(holds(unlicensed, 'crm.create')).toBe(false);
    expect(holds(unlicensed, 'tasks.view')).toBe(true);
    expect(account.accessOf({ roleIds: ['user'], overrides: NO_OVERRIDES, licenceIds: [] })).toBe(unlicensed);
    // A pool of another account (or a deleted one) counts for nothing.
    expect(account.accessOf({ roleIds: ['user'], overrides: NO_OVERRIDES, licenceIds: ['elsewhere'] })).toBe(unlicensed);
  });

  it('an override grant does not hand out a licensed permission; a denial still wins over a licence', () => {
    const account = new AccountAccess(SYSTEM_SPACE, [USER], [CRM_PRO], NOW);
    expect(holds(account.accessOf({ roleIds: [], overrides: { grants: ['crm.view'], denies: [], hiddenModules: [] } }), 'crm.view')).toBe(false);
    expect(holds(account.accessOf({ roleIds: [], overrides: { grants: ['crm.view'], denies: [], hiddenModules: [] }, licenceIds: ['crm'] }), 'crm.view')).toBe(true);
    expect(holds(account.accessOf({ roleIds: ['user'], overrides: { grants: [], denies: ['crm.view'], hiddenModules: [] }, licenceIds: ['crm'] }), 'crm.view')).toBe(false);
    expect(holds(account.accessOf({ roleIds: ['user'], overrides: { grants: [], denies: [], hiddenModules: ['crm'] }, licenceIds: ['crm'] }), 'crm.create')).toBe(false);
  });

  it('a pool that has ended unlocks nothing, and the gate says when it stops being true', () => {
    const ending = { ...CRM_PRO, endsAt: NOW + 60_000 };
    const before = new AccountAccess(SYSTEM_SPACE, [USER], [ending], NOW);
    expect(before.expiresAt).toBe(NOW + 60_000);
    expect(holds(before.accessOf({ roleIds: ['user'], overrides: NO_OVERRIDES, licenceIds: ['crm'] }), 'crm.view')).toBe(true);
    const after = new AccountAccess(SYSTEM_SPACE, [USER], [ending], NOW + 60_000);
    expect(after.expiresAt).toBe(Number.POSITIVE_INFINITY);
    expect(holds(after.accessOf({ roleIds: ['user'], overrides: NO_OVERRIDES, licenceIds: ['crm'] }), 'crm.view')).toBe(false);
  });

  it('never gates what runs the account, even when a pool names it', () => {
    expect(unlockedNames(SYSTEM_SPACE, { permissions: ['users.manage', 'licences.manage', 'reports.view'], modules: ['dashboard', 'insight'] })).toEqual(['insight.view', 'reports.view']);
    const account = new AccountAccess(SYSTEM_SPACE, [USER, ADMIN], [{ ...CRM_PRO, permissions: ['users.manage', 'licences.manage'] }], NOW);
    const admin = account.accessOf({ roleIds: ['admin'], overrides: NO_OVERRIDES });
    expect(holds(admin, 'users.manage')).toBe(true);
    expect(holds(admin, 'licences.manage')).toBe(true);
    expect(new LicenceGate(SYSTEM_SPACE, [{ ...CRM_PRO, modules: ['dashboard'] }], NOW).active).toBe(false);
  });

  it('escalation reads the access before gating: an Admin without a seat may still hand out what their roles give', () => {
    const account = new AccountAccess(SYSTEM_SPACE, [USER, ADMIN], [CRM_PRO], NOW);
    const admin = account.accessOf({ roleIds: ['admin'], overrides: NO_OVERRIDES });
    expect(holds(admin, 'crm.view')).toBe(false);
    expect(beyondActor(admin, ['crm.view', 'crm.create', 'users.manage'])).toEqual([]);
    expect(beyondActor(admin, ['crm.delete'])).toEqual(['crm.delete']);
  });

  it('explains a refusal by the licence that is needed', () => {
    const account = new AccountAccess(SYSTEM_SPACE, [USER], [CRM_PRO, { ...CRM_PRO, id: 'suite', key: 'suite', name: 'Suite', endsAt: NOW - 1 }], NOW);
    const why = (held: string[]) => explainPermission(SYSTEM_SPACE, account.roles, account.compiled, ['user'], NO_OVERRIDES, 'crm.view', undefined, { gate: account.gate, held });
    expect(explanationText(why([]))).toBe('CRM Pro or Suite licence needed');
    expect(explanationText(why(['suite']))).toBe('CRM Pro or Suite licence needed (the one held has ended)');
    expect(why(['crm'])).toMatchObject({ granted: true, source: 'role' });
    // Not granted by roles: the roles are the reason, not the licence.
    expect(explainPermission(SYSTEM_SPACE, account.roles, account.compiled, ['user'], NO_OVERRIDES, 'crm.delete', undefined, { gate: account.gate, held: [] })).toMatchObject({ source: 'none' });
  });
});

describe('the cache and licence ends', () => {
  it('loads the account again once a pool’s end passes, by the licence clock, before the TTL', async () => {
    let now = NOW;
    let loads = 0;
    const cache = new AccessCache(
      SYSTEM_SPACE,
      {
        loadRoles: async () => {
          loads += 1;
          return [USER];
        },
        loadMember: async () => ({ roleIds: ['user'], overrides: NO_OVERRIDES, licenceIds: ['crm'] }),
        loadLicences: async () => [{ ...CRM_PRO, endsAt: NOW + 1_000 }],
      },
      60_000,
      () => NOW,
      () => now,
    );
    expect(holds((await cache.getAccess('a', 'm')).access, 'crm.view')).toBe(true);
    expect(cache.getWarmAccess('a', 'm')).toBeDefined();
    now = NOW + 1_000;
    expect(cache.getWarmAccess('a', 'm')).toBeUndefined();
    expect(holds((await cache.getAccess('a', 'm')).access, 'crm.view')).toBe(false);
    expect(loads).toBe(2);
  });
});
