import type { LicenceInput } from '@/lib/access/licences';
import { naiveCheck } from '@/lib/access/reference';
import { MAX_CHAIN_DEPTH, NO_OVERRIDES, type OverrideInput, type RoleInput } from '@/lib/access/resolver';
import { Prng } from './prng';

export const DEFAULT_SEED = 0x5eed_ac1;

export interface PermissionDefinition {
  name: string;
  module?: string;
}

export interface ScenarioUser {
  id: string;
  roleIds: readonly string[];
  overrides: OverrideInput;
  /** The licence pools they hold a seat of (the licence workload). */
  licenceIds?: readonly string[];
}

export interface Check {
  userId: string;
  name: string;
}

export interface RoleToggle {
  /** The changed role with the permission, then without it. */
  states: readonly [RoleInput, RoleInput];
  permission: string;
  userId: string;
  roleDepth: number;
  /** Roles based, directly or not, on the changed role: what a change recompiles. */
  rolesBelow: number;
  checkedRoleId: string;
  checkedDepth: number;
}

export interface ScenarioOptions {
  seed: number;
  /** The system permissions; 200 synthetic ones unless given (the middleware run uses the real catalogue). */
  definitions?: readonly PermissionDefinition[];
  privilegeCount?: number;
  roleCount?: number;
  userCount?: number;
  /**
   * Issue 16's group workload: this many groups, each carrying 0–3 roles, every user in 0–20 of them; a
   * user's roles are then their own and their groups' (deduplicated and sorted), as the app loads them.
   */
  groups?: number;
  /**
   * Issue 17's licence workload: this many pools (no end), gating `gatedPermissions` permissions between
   * them (each its share, drawn from the permissions the roles grant), half the users holding 1–3 of them.
   */
  licences?: { pools: number; gatedPermissions: number; holderShare: number };
}

const MODULE_COUNT = 20;
// "manage" is among them on purpose: CASL treats it as a wildcard unless told otherwise.
const ACTIONS = ['view', 'create', 'edit', 'delete', 'manage', 'export', 'import', 'approve', 'share', 'archive'];
const ROOT_COUNT = 4;
const SPINES = 2;
const TWO_ROLE_SHARE = 0.1;
const OVERRIDE_SHARE = 0.05;
const HELD_NAME_SHARE = 0.5;
// Names nobody holds: every implementation must deny them, and must not throw on them.
const UNKNOWN_NAMES = ['unknown.view', 'nothing.p0'];

/** 200 names like `m12.view` over 20 modules; every other module is declared as a module (for hiddenModules). */
export function syntheticDefinitions(): PermissionDefinition[] {
  const definitions: PermissionDefinition[] = [];
  for (let m = 0; m < MODULE_COUNT; m += 1) {
    for (const action of ACTIONS) {
      definitions.push(m % 2 === 0 ? { name: `m${m}.${action}`, module: `m${m}` } : { name: `m${m}.${action}` });
    }
  }
  return definitions;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * The benchmark's account: roles with chains up to exactly MAX_CHAIN_DEPTH base links, users holding one
 * or two of them, a few overrides. Every answer the implementations give is compared with `expected`,
 * which is the project's plain specification (naiveCheck).
 */
export class Scenario {
  readonly seed: number;
  readonly definitions: readonly PermissionDefinition[];
  readonly systemNames: ReadonlySet<string>;
  readonly privileges: readonly string[];
  /** Every name a check may ask for: system permissions, custom privileges and a few unknown names. */
  readonly checkNames: readonly string[];
  readonly roles: readonly RoleInput[];
  readonly rolesById: ReadonlyMap<string, RoleInput>;
  readonly depthOf: ReadonlyMap<string, number>;
  readonly users: readonly ScenarioUser[];
  readonly usersById: ReadonlyMap<string, ScenarioUser>;
  /** A role holding a custom privilege named like a system permission it does not otherwise hold. */
  readonly shadowedPrivilege: { roleId: string; name: string };
  /** One role at the deepest level, no overrides: the user of the "same user" checks. */
  readonly deepUserId: string;
  /** A role exactly MAX_CHAIN_DEPTH base links deep. */
  readonly deepRoleId: string;
  /** Groups in the group workload (0: none). */
  readonly groupCount: number = 0;
  /** The licence workload's pools (none: no gating). */
  readonly licences: readonly LicenceInput[] = [];

  private readonly modules: ReadonlyMap<string, string>;
  private readonly heldByRole = new Map<string, readonly string[]>();

  constructor(options: ScenarioOptions) {
    const prng = new Prng(options.seed);
    const roleCount = options.roleCount ?? 50;
    const userCount = options.userCount ?? 10_000;
    if (roleCount < ROOT_COUNT + SPINES * MAX_CHAIN_DEPTH) throw new Error('Too few roles for the chains the benchmark needs.');

    this.seed = options.seed;
    this.definitions = options.definitions ?? syntheticDefinitions();
    this.systemNames = new Set(this.definitions.map((definition) => definition.name));
    this.modules = new Map(this.definitions.flatMap((d) => (d.module ? [[d.name, d.module] as const] : [])));
    this.privileges = Array.from({ length: options.privilegeCount ?? 60 }, (_, i) => `custom.p${i}`);
    this.checkNames = [...this.systemNames, ...this.privileges, ...UNKNOWN_NAMES];

    const { roles, depthOf, deepRoleId, shadowed } = generateRoles(prng, [...this.systemNames], this.privileges, roleCount);
    this.roles = roles;
    this.rolesById = new Map(roles.map((role) => [role.id, role]));
    this.depthOf = depthOf;
    this.deepRoleId = deepRoleId;
    this.shadowedPrivilege = shadowed;

    const roleIds = [...this.rolesById.keys()].sort();
    const moduleKeys = [...new Set(this.modules.values())];
    const systemList = [...this.systemNames];
    const users: ScenarioUser[] = [];
    for (let i = 0; i < userCount; i += 1) {
      const id = `user:${pad(i, 5)}`;
      let held: string[];
      if (i === 0) held = [deepRoleId];
      else if (i === 1) held = [shadowed.roleId];
      else held = prng.chance(TWO_ROLE_SHARE) ? prng.sample(roleIds, 2) : [prng.pick(roleIds)];
      const overrides = i > 1 && prng.chance(OVERRIDE_SHARE) ? this.drawOverrides(prng, held, systemList, moduleKeys) : NO_OVERRIDES;
      users.push({ id, roleIds: held, overrides });
    }
    if (options.groups) {
      const groupRoles = Array.from({ length: options.groups }, () => prng.sample(roleIds, prng.int(0, 3)));
      for (const user of users.slice(2)) {
        const joined = prng.sample(groupRoles, prng.int(0, 20));
        user.roleIds = [...new Set([...user.roleIds, ...joined.flat()])].sort();
      }
      this.groupCount = options.groups;
    }
    if (options.licences) {
      const { pools, gatedPermissions, holderShare } = options.licences;
      // Permissions the roles grant (so gating bites), each gated by exactly one pool.
      const granted = [...new Set(this.roles.flatMap((role) => role.permissions))].sort();
      const gated = prng.sample(granted, gatedPermissions);
      const per = Math.ceil(gatedPermissions / pools);
      this.licences = Array.from({ length: pools }, (_, i) => ({
        id: `licence:${pad(i, 2)}`,
        key: `licence.${i}`,
        name: `Licence ${i}`,
        endsAt: null,
        permissions: gated.slice(i * per, (i + 1) * per),
        modules: [],
      }));
      const ids = this.licences.map((licence) => licence.id);
      for (const user of users.slice(2)) if (prng.chance(holderShare)) user.licenceIds = prng.sample(ids, prng.int(1, 3)).sort();
    }
    this.users = users;
    this.usersById = new Map(users.map((user) => [user.id, user]));
    this.deepUserId = users[0]!.id;
  }

  moduleOf = (name: string): string | undefined => this.modules.get(name);

  user(id: string): ScenarioUser {
    const user = this.usersById.get(id);
    if (!user) throw new Error(`No user ${id}`);
    return user;
  }

  /** The role and its bases, leaf first. */
  chainOf(roleId: string): RoleInput[] {
    const chain: RoleInput[] = [];
    for (let role = this.rolesById.get(roleId); role; role = role.baseRoleId ? this.rolesById.get(role.baseRoleId) : undefined) chain.push(role);
    return chain;
  }

  /** The names the roles' chains mention, before overrides: where checks are drawn from half the time. */
  heldNames(roleIds: readonly string[]): readonly string[] {
    if (roleIds.length === 1) return this.heldByRole1(roleIds[0]!);
    return [...new Set(roleIds.flatMap((id) => this.heldByRole1(id)))];
  }

  /** The specification's answer. */
  expected(userId: string, name: string): boolean {
    const user = this.user(userId);
    const licences = this.licences.length > 0 ? { pools: this.licences, held: user.licenceIds ?? [], now: 0 } : undefined;
    return naiveCheck(this.systemNames, this.moduleOf, this.roles, user.roleIds, user.overrides, name, licences);
  }

  /** A name to check for a user: half the time one its roles mention (so answers are not mostly "no"). */
  drawName(prng: Prng, user: ScenarioUser): string {
    const held = this.heldNames(user.roleIds);
    return held.length > 0 && prng.chance(HELD_NAME_SHARE) ? prng.pick(held) : prng.pick(this.checkNames);
  }

  /**
   * The correctness gate's checks: random ones, plus every case a plausible mistake would miss: each
   * override, the root permissions of depth-10 chains (casbin's default role manager stops one link short),
   * and the privilege shadowed by a system permission.
   */
  gateChecks(prng: Prng, randomCount: number): Check[] {
    const checks: Check[] = [];
    for (let i = 0; i < randomCount; i += 1) {
      const user = prng.pick(this.users);
      checks.push({ userId: user.id, name: this.drawName(prng, user) });
    }
    for (const user of this.users) {
      const { grants, denies, hiddenModules } = user.overrides;
      for (const name of [...grants, ...denies]) checks.push({ userId: user.id, name });
      for (const hidden of hiddenModules) {
        const inModule = this.definitions.filter((d) => d.module === hidden).map((d) => d.name);
        checks.push(...prng.sample(inModule, 3).map((name) => ({ userId: user.id, name })));
      }
    }
    const deepUsers = this.users.filter((user) => user.roleIds.some((id) => this.depthOf.get(id) === MAX_CHAIN_DEPTH));
    for (const user of prng.sample(deepUsers, 300)) {
      const deepRole = user.roleIds.find((id) => this.depthOf.get(id) === MAX_CHAIN_DEPTH)!;
      const chain = this.chainOf(deepRole);
      const root = chain[chain.length - 1]!;
      const elsewhere = new Set(chain.slice(0, -1).flatMap((role) => role.permissions));
      const rootOnly = root.permissions.filter((name) => !elsewhere.has(name));
      if (rootOnly.length > 0) checks.push({ userId: user.id, name: prng.pick(rootOnly) });
    }
    const shadowUsers = this.users.filter((user) => user.roleIds.some((id) => this.chainOf(id).some((role) => role.id === this.shadowedPrivilege.roleId)));
    // users[1] holds the shadowing role alone: for it the privilege is the only possible source.
    for (const user of [this.users[1]!, ...prng.sample(shadowUsers, 100)]) checks.push({ userId: user.id, name: this.shadowedPrivilege.name });
    return checks;
  }

  /**
   * The role change the change-to-check measurements repeat, the worst case: the role nearest a built-in
   * root (one base link) with the most roles below it to recompile gains (state 0) and loses (state 1) a
   * permission nothing in the checked role's chain holds. The checked role is the deepest role below it;
   * `userId` holds it alone, so its answer flips with every change.
   */
  roleToggle(): RoleToggle {
    const below = (id: string) => this.roles.filter((role) => role.id !== id && this.chainOf(role.id).some((link) => link.id === id));
    const nearRoot = this.roles.filter((role) => this.depthOf.get(role.id) === 1).sort((a, b) => below(b.id).length - below(a.id).length || a.id.localeCompare(b.id));
    const changed = nearRoot[0]!;
    const under = below(changed.id);
    const deepest = Math.max(...under.map((role) => this.depthOf.get(role.id)!));
    const checked = under.find((role) => role.id === this.deepRoleId && this.depthOf.get(role.id) === deepest) ?? under.find((role) => this.depthOf.get(role.id) === deepest)!;
    const user = this.users.find((candidate) => candidate.roleIds.length === 1 && candidate.roleIds[0] === checked.id && candidate.overrides === NO_OVERRIDES);
    if (!user) throw new Error(`No user holds ${checked.id} alone: nothing to check the change on.`);
    const held = new Set(this.chainOf(checked.id).flatMap((role) => role.permissions));
    const permission = this.definitions.map((d) => d.name).find((name) => !held.has(name));
    if (!permission) throw new Error('The chain holds every permission: nothing to toggle.');
    const states = [{ ...changed, permissions: [...changed.permissions, permission] }, changed] as const;
    states.forEach((role, i) => {
      const roles = this.roles.map((candidate) => (candidate.id === role.id ? role : candidate));
      if (naiveCheck(this.systemNames, this.moduleOf, roles, [checked.id], NO_OVERRIDES, permission) !== (i === 0)) {
        throw new Error('The toggle does not flip the specification’s answer.');
      }
    });
    return { states, permission, userId: user.id, roleDepth: this.depthOf.get(changed.id)!, rolesBelow: under.length, checkedRoleId: checked.id, checkedDepth: deepest };
  }

  private heldByRole1(roleId: string): readonly string[] {
    let held = this.heldByRole.get(roleId);
    if (!held) {
      held = [...new Set(this.chainOf(roleId).flatMap((role) => [...role.permissions, ...role.privileges]))];
      this.heldByRole.set(roleId, held);
    }
    return held;
  }

  private drawOverrides(prng: Prng, roleIds: readonly string[], systemList: readonly string[], moduleKeys: readonly string[]): OverrideInput {
    const kind = prng.next();
    if (kind < 0.4) return { grants: [prng.pick(systemList)], denies: [], hiddenModules: [] };
    if (kind < 0.8) {
      const held = this.heldNames(roleIds);
      const name = held.length > 0 && prng.chance(0.7) ? prng.pick(held) : prng.pick([...systemList, ...this.privileges]);
      return { grants: [], denies: [name], hiddenModules: [] };
    }
    if (kind < 0.9) {
      // Granted and denied at once: deny wins.
      const name = prng.pick(systemList);
      return { grants: [name], denies: [name], hiddenModules: [] };
    }
    if (moduleKeys.length === 0) return { grants: [], denies: [prng.pick(systemList)], hiddenModules: [] };
    return { grants: [], denies: [], hiddenModules: [prng.pick(moduleKeys)] };
  }
}

function generateRoles(prng: Prng, systemNames: readonly string[], privileges: readonly string[], roleCount: number) {
  const ids = Array.from({ length: roleCount }, (_, i) => `role:${pad(i, 2)}`);
  const baseOf = new Map<string, string | null>();
  const depthOf = new Map<string, number>();
  for (let i = 0; i < ROOT_COUNT; i += 1) {
    baseOf.set(ids[i]!, null);
    depthOf.set(ids[i]!, 0);
  }
  // Spines that reach exactly the limit, so the deepest legal chain is always exercised.
  let next = ROOT_COUNT;
  const spineLeaves: string[] = [];
  for (let spine = 0; spine < SPINES; spine += 1) {
    let base = ids[spine]!;
    for (let depth = 1; depth <= MAX_CHAIN_DEPTH; depth += 1) {
      const id = ids[next++]!;
      baseOf.set(id, base);
      depthOf.set(id, depth);
      base = id;
    }
    spineLeaves.push(base);
  }
  for (; next < roleCount; next += 1) {
    const id = ids[next]!;
    const base = prng.pick(ids.slice(0, next).filter((candidate) => depthOf.get(candidate)! < MAX_CHAIN_DEPTH));
    baseOf.set(id, base);
    depthOf.set(id, depthOf.get(base)! + 1);
  }

  const roles: RoleInput[] = ids.map((id, i) => {
    const root = baseOf.get(id) === null;
    return {
      id,
      name: `Role ${pad(i, 2)}`,
      baseRoleId: baseOf.get(id)!,
      permissions: prng.sample(systemNames, root ? prng.int(8, 16) : prng.int(2, 6)),
      privileges: prng.sample(privileges, root ? prng.int(1, 4) : prng.int(0, 3)),
    };
  });

  // A custom privilege named like a system permission the chain does not hold: it must grant nothing.
  const byId = new Map(roles.map((role) => [role.id, role]));
  const shadowRole = byId.get(ids[ROOT_COUNT + MAX_CHAIN_DEPTH + 5]!)!;
  const chainPermissions = new Set<string>();
  for (let role: RoleInput | undefined = shadowRole; role; role = role.baseRoleId ? byId.get(role.baseRoleId) : undefined) {
    for (const name of role.permissions) chainPermissions.add(name);
  }
  const shadowName = prng.pick(systemNames.filter((name) => !chainPermissions.has(name)));
  const withShadow: RoleInput = { ...shadowRole, privileges: [...shadowRole.privileges, shadowName] };
  const finalRoles = roles.map((role) => (role.id === shadowRole.id ? withShadow : role));

  // Stored order is not chain order: nothing may depend on bases coming first.
  return {
    roles: prng.shuffle(finalRoles),
    depthOf,
    deepRoleId: spineLeaves[0]!,
    shadowed: { roleId: shadowRole.id, name: shadowName },
  };
}

/** The (user, name) pairs a timed loop walks through, drawn before the clock starts. */
export interface CheckSequence {
  users: string[];
  names: string[];
}

export function checkSequence(scenario: Scenario, prng: Prng, length: number, userId?: string): CheckSequence {
  const users: string[] = new Array<string>(length);
  const names: string[] = new Array<string>(length);
  for (let i = 0; i < length; i += 1) {
    const user = userId ? scenario.user(userId) : prng.pick(scenario.users);
    users[i] = user.id;
    names[i] = scenario.drawName(prng, user);
  }
  return { users, names };
}
