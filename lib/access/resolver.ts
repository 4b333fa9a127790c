/**
 * The resolver: role chain → permissions and custom privileges → per-user overrides, compiled so that a
 * check is one map lookup and one bit test. Pure: no database, so it is unit-tested and benchmarked alone.
 *
 * - A role grants what it holds plus everything its base role grants, in a cascade.
 * - A custom privilege named like a system permission is ignored: the system permission always wins.
 * - A membership holds a set of roles: its access is the union of every chain, then its overrides:
 *   grants added, denials removed (deny wins), hidden modules blocked entirely.
 */

import type { PermissionSpace } from './permission-space';

/** The most base links a chain may have (a role based on a role … ten times over a built-in role). */
export const MAX_CHAIN_DEPTH = 10;

export interface RoleInput {
  id: string;
  name: string;
  baseRoleId: string | null;
  /** System permissions the role holds itself (for a built-in role: its fixed grants). */
  permissions: readonly string[];
  /** Custom privileges the role holds itself. */
  privileges: readonly string[];
  /** Every custom privilege, present and future (the Owner: "everything"). */
  allPrivileges?: boolean;
}

/** Stands for "every custom privilege" in escalation checks; no valid privilege name looks like it. */
export const ALL_PRIVILEGES = '(every custom privilege)';

export interface OverrideInput {
  grants: readonly string[];
  denies: readonly string[];
  hiddenModules: readonly string[];
}

export const NO_OVERRIDES: OverrideInput = Object.freeze({ grants: [], denies: [], hiddenModules: [] });

export class AccessGraphError extends Error {
  constructor(
    readonly code: 'cycle' | 'too_deep' | 'missing_base',
    readonly roleNames: string[],
    message: string,
  ) {
    super(message);
    this.name = 'AccessGraphError';
  }
}

/** What a membership may do, compiled. Memberships with the same roles and no overrides share one. */
export interface EffectiveAccess {
  readonly space: PermissionSpace;
  readonly bits: Uint32Array;
  readonly privileges: ReadonlySet<string>;
  readonly allPrivileges?: boolean;
  /** Privileges denied by an override: they win even over allPrivileges. */
  readonly deniedPrivileges?: ReadonlySet<string>;
}

/** A role compiled with its whole chain. */
export interface CompiledRole extends EffectiveAccess {
  readonly id: string;
  readonly name: string;
  /** Role ids from this role down to the root of its chain. */
  readonly chain: readonly string[];
  /** Base links below this role (0 for a root). */
  readonly depth: number;
  readonly base: CompiledRole | undefined;
}

const NO_PRIVILEGES: ReadonlySet<string> = new Set();

/**
 * One compiled role: its bits include the whole chain's. Privileges and the chain are materialized on
 * first use and kept: compiling stays a bit-OR per level, and roles with no privileges of their own share
 * their base's set.
 */
class CompiledRoleNode implements CompiledRole {
  private privilegeSet: ReadonlySet<string> | undefined;
  private chainIds: readonly string[] | undefined;
  readonly allPrivileges?: boolean;

  constructor(
    readonly space: PermissionSpace,
    readonly id: string,
    readonly name: string,
    readonly bits: Uint32Array,
    readonly base: CompiledRoleNode | undefined,
    private readonly ownPrivileges: readonly string[],
    allPrivileges: boolean,
    readonly depth: number,
  ) {
    if (allPrivileges) this.allPrivileges = true;
  }

  get privileges(): ReadonlySet<string> {
    if (this.privilegeSet) return this.privilegeSet;
    const below = this.base?.privileges ?? NO_PRIVILEGES;
    // System names among privileges are ignored: the system permission always takes priority.
    const own = this.ownPrivileges.filter((name) => !this.space.isSystem(name));
    this.privilegeSet = own.length === 0 ? below : new Set([...below, ...own]);
    return this.privilegeSet;
  }

  get chain(): readonly string[] {
    this.chainIds ??= this.base ? [this.id, ...this.base.chain] : [this.id];
    return this.chainIds;
  }
}

/** Compiles one role on top of its (already compiled) base; refuses a chain deeper than MAX_CHAIN_DEPTH. */
export function compileRole(space: PermissionSpace, role: RoleInput, base: CompiledRole | undefined): CompiledRole {
  const depth = base ? base.depth + 1 : 0;
  if (depth > MAX_CHAIN_DEPTH) {
    throw new AccessGraphError('too_deep', [role.name], `“${role.name}” would sit ${depth} levels deep; the limit is ${MAX_CHAIN_DEPTH}.`);
  }
  const bits = space.bitsOf(role.permissions);
  if (base) for (let word = 0; word < bits.length; word += 1) bits[word]! |= base.bits[word]!;
  const node = base as CompiledRoleNode | undefined;
  return new CompiledRoleNode(space, role.id, role.name, bits, node, role.privileges, role.allPrivileges === true || base?.allPrivileges === true, depth);
}

/**
 * The answer to "may they?" for any name, a system permission or a custom privilege: the constant-time
 * check everything else calls. Code checks a system permission through the catalogue's typed
 * `hasPermission`; this one takes any string because custom privileges are names accounts make up.
 */
export function holds(access: EffectiveAccess, name: string): boolean {
  const position = access.space.index.get(name);
  if (position === undefined) {
    if (access.deniedPrivileges?.has(name)) return false;
    return access.allPrivileges === true || access.privileges.has(name);
  }
  return (access.bits[position >>> 5]! & (1 << (position & 31))) !== 0;
}

/** Every system permission and privilege the access holds, by name. */
export function listGranted(access: EffectiveAccess): { permissions: string[]; privileges: string[] } {
  const permissions = access.space.definitions.map((d) => d.name).filter((name) => holds(access, name));
  const privileges = [...access.privileges].filter((name) => holds(access, name)).sort();
  return { permissions, privileges: access.allPrivileges ? [ALL_PRIVILEGES, ...privileges] : privileges };
}

/**
 * A membership's access: the union of its roles' chains, then its overrides. With one role and no
 * overrides it is that role's compiled object itself, so thousands of members of one role share it.
 */
export function resolveAccess(
  space: PermissionSpace,
  roles: ReadonlyMap<string, CompiledRole>,
  roleIds: readonly string[],
  overrides: OverrideInput = NO_OVERRIDES,
): EffectiveAccess {
  const held = roleIds.map((id) => roles.get(id)).filter((role): role is CompiledRole => role !== undefined);
  const plain = overrides.grants.length === 0 && overrides.denies.length === 0 && overrides.hiddenModules.length === 0;
  if (plain && held.length === 1) return held[0]!;

  const bits = new Uint32Array(space.words);
  let privileges: ReadonlySet<string> = held[0]?.privileges ?? new Set();
  const allPrivileges = held.some((role) => role.allPrivileges === true);
  let deniedPrivileges: ReadonlySet<string> | undefined;
  for (const role of held) {
    for (let word = 0; word < bits.length; word += 1) bits[word]! |= role.bits[word]!;
    if (role.privileges !== privileges && role.privileges.size > 0) privileges = new Set([...privileges, ...role.privileges]);
  }
  if (!plain) {
    const granted = space.bitsOf(overrides.grants);
    const blocked = space.bitsOf(overrides.denies);
    for (const moduleKey of overrides.hiddenModules) {
      const mask = space.moduleMask(moduleKey);
      if (mask) for (let word = 0; word < blocked.length; word += 1) blocked[word]! |= mask[word]!;
    }
    for (let word = 0; word < bits.length; word += 1) bits[word] = (bits[word]! | granted[word]!) & ~blocked[word]!;
    const denied = overrides.denies.filter((name) => !space.isSystem(name));
    if (denied.length > 0) deniedPrivileges = new Set(denied);
  }
  return { space, bits, privileges, ...(allPrivileges ? { allPrivileges } : {}), ...(deniedPrivileges ? { deniedPrivileges } : {}) };
}
