/**
 * The resolver: role chain → permissions and custom privileges → per-user overrides, compiled so that a
 * check is one map lookup and one bit test. Pure: no database, so it is unit-tested and benchmarked alone.
 *
 * - A role grants what it holds plus everything its base role grants, in a cascade.
 * - A custom privilege named like a system permission is ignored: the system permission always wins.
 * - A membership holds a set of roles: its access is the union of every chain and its override grants, then
 *   licence gating (licences.ts: what a licence pool unlocks is held only with a seat of a valid pool),
 *   then denials removed (deny wins) and hidden modules blocked entirely.
 *
 * Roles compile into bit masks (role-graph.ts): system permissions first, then the account's custom
 * privileges, interned as the bits after them (PrivilegeBits).
 */

import type { LicenceGate } from './licences';
import { emptyMask, PrivilegeBits, type MaskWords, type PermissionSpace } from './permission-space';

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
  /**
   * `permissions` as bits of `space`, when the loader has them (lib/dal/access/load-access.ts has the
   * database number them by the catalogue): the compiler then reads no permission's name. Used only while
   * `of` is this role's `permissions` array itself and `space` the one it compiles in, so a copy of the role
   * with other permissions (`{ ...role, permissions }`) is read by its names.
   */
  permissionBits?: { readonly space: PermissionSpace; readonly of: readonly string[]; readonly bits: readonly number[] };
  /**
   * Where the base role sits in the list this role was loaded with, when the loader knows it (the database
   * numbers the rows): linking then looks no base up by id. Checked against `baseRoleId`; absent: looked up.
   */
  basePosition?: number | null;
}

/** Stands for "every custom privilege" in escalation checks; no valid privilege name looks like it. */
export const ALL_PRIVILEGES = '(every custom privilege)';

export interface OverrideInput {
  grants: readonly string[];
  denies: readonly string[];
  hiddenModules: readonly string[];
}

export const NO_OVERRIDES: OverrideInput = Object.freeze({ grants: [], denies: [], hiddenModules: [] });

export function hasNoOverrides(overrides: OverrideInput): boolean {
  return overrides === NO_OVERRIDES || (overrides.grants.length === 0 && overrides.denies.length === 0 && overrides.hiddenModules.length === 0);
}

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

/** What a membership may do, compiled. Memberships with the same roles and overrides share one. */
export interface EffectiveAccess {
  readonly space: PermissionSpace;
  /** The custom privileges of the graph this access was compiled in, as bit positions in its words. */
  readonly privilegeBits: PrivilegeBits;
  /** Its words start at `bits[offset]`: a mask of its own (offset 0), or its place in a store shared by many. */
  readonly bits: MaskWords;
  readonly offset: number;
  /** The custom privileges held by name (the Owner's "every privilege" aside): derived from `bits`. */
  readonly privileges: ReadonlySet<string>;
  readonly allPrivileges?: boolean;
  /** Privileges denied by an override: they win even over allPrivileges. */
  readonly deniedPrivileges?: ReadonlySet<string>;
  /**
   * The same access before licence gating, when gating took something from it: what the member may hand to
   * others (escalation checks, see authorityOf). Licences limit what a member uses, not what they administer.
   */
  readonly ungated?: () => EffectiveAccess;
}

/** What the access may hand out: itself, or, when licence gating took something from it, the access before. */
export function authorityOf(access: EffectiveAccess): EffectiveAccess {
  return access.ungated ? access.ungated() : access;
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

/**
 * Whether the access's bit at `position` is set. A privilege interned after the access was compiled lies
 * past its words: not held (a role's own mask is then shorter; a shared store is laid out wide enough).
 */
function bitAt(access: Pick<EffectiveAccess, 'bits' | 'offset'>, position: number): boolean {
  return ((access.bits[access.offset + (position >>> 5)] ?? 0) & (1 << (position & 31))) !== 0;
}

/** The privileges whose bits are set, by name. */
export function privilegesIn(access: Pick<EffectiveAccess, 'privilegeBits' | 'bits' | 'offset'>): Set<string> {
  const { names, first } = access.privilegeBits;
  const held = new Set<string>();
  names.forEach((name, i) => {
    if (bitAt(access, first + i)) held.add(name);
  });
  return held;
}

/** Access composed from several roles and overrides (see composeAccess), in `words` words from `bits[offset]`. */
export class ComposedAccess implements EffectiveAccess {
  allPrivileges = false;
  deniedPrivileges: ReadonlySet<string> | undefined = undefined;
  // Not a field of every instance (a member slot is kept small: see AccountAccess): set where it applies.
  declare ungated?: () => EffectiveAccess;

  constructor(
    readonly space: PermissionSpace,
    readonly privilegeBits: PrivilegeBits,
    public bits: MaskWords,
    public offset: number,
    public words: number,
  ) {}

  get privileges(): ReadonlySet<string> {
    return privilegesIn(this);
  }
}

const NO_LICENCES: readonly string[] = Object.freeze([]);

/**
 * Writes into `access` the union of the roles' access and the override grants, then the licence gate (the
 * gated bits none of `licences` unlocks cleared), then denials and hidden modules removed.
 */
export function composeAccess(access: ComposedAccess, held: readonly CompiledRole[], overrides: OverrideInput, gate?: LicenceGate, licences: readonly string[] = NO_LICENCES): void {
  const { bits, offset } = access;
  for (let word = 0; word < access.words; word += 1) bits[offset + word] = 0;
  let allPrivileges = false;
  for (const role of held) {
    // A compiled role has a mask of its own (offset 0), shorter if compiled before the graph's masks grew.
    const from = role.bits;
    const words = Math.min(access.words, from.length);
    for (let word = 0; word < words; word += 1) bits[offset + word]! |= from[word]!;
    if (role.allPrivileges === true) allPrivileges = true;
  }
  access.allPrivileges = allPrivileges;
  access.deniedPrivileges = undefined;
  if (hasNoOverrides(overrides)) {
    gate?.apply(bits, offset, licences);
    return;
  }

  const { space, privilegeBits } = access;
  for (const name of overrides.grants) {
    const position = space.index.get(name);
    if (position !== undefined) bits[offset + (position >>> 5)]! |= 1 << (position & 31);
  }
  gate?.apply(bits, offset, licences);
  for (const moduleKey of overrides.hiddenModules) {
    const mask = space.moduleMask(moduleKey);
    if (mask) for (let word = 0; word < mask.length; word += 1) bits[offset + word]! &= ~mask[word]!;
  }
  let denied: Set<string> | undefined;
  for (const name of overrides.denies) {
    const system = space.index.get(name);
    const position = system ?? privilegeBits.positions.get(name);
    if (position !== undefined && position >>> 5 < access.words) bits[offset + (position >>> 5)]! &= ~(1 << (position & 31));
    if (system === undefined) (denied ??= new Set()).add(name);
  }
  access.deniedPrivileges = denied;
}

/**
 * The answer to "may they?", the constant-time check everything else calls. A number is a system
 * permission's bit, resolved once where the check is written (the catalogue's `permissionBit`, or
 * `space.index` for another space): one bit test, no lookup. A string is a name, looked up: a custom
 * privilege (names accounts make up, so they cannot be resolved in code) or a system permission. Code checks
 * system permissions through the catalogue's typed `hasPermission`.
 */
export function holds(access: EffectiveAccess, permission: number | string): boolean {
  if (typeof permission === 'number') return (access.bits[access.offset + (permission >>> 5)]! & (1 << (permission & 31))) !== 0;
  return holdsName(access, permission);
}

/**
 * A name: the account's privileges are looked up first, since a system permission checked by name is the
 * exception (checks in code hold its bit); a privilege is never interned under a system permission's name.
 */
function holdsName(access: EffectiveAccess, name: string): boolean {
  const position = access.privilegeBits.positions.get(name);
  if (position !== undefined) return access.allPrivileges === true ? access.deniedPrivileges?.has(name) !== true : bitAt(access, position);
  const system = access.space.index.get(name);
  if (system !== undefined) return (access.bits[access.offset + (system >>> 5)]! & (1 << (system & 31))) !== 0;
  // Denied privileges are cleared from the bits already; only "every privilege" needs the list.
  return access.allPrivileges === true && access.deniedPrivileges?.has(name) !== true;
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
  licences?: { gate: LicenceGate; held: readonly string[] },
): EffectiveAccess {
  const held = roleIds.map((id) => roles.get(id)).filter((role): role is CompiledRole => role !== undefined);
  const gated = licences !== undefined && held.some((role) => licences.gate.bites(role.bits, role.offset, licences.gate.held(licences.held)));
  if (held.length === 1 && hasNoOverrides(overrides) && !gated) return held[0]!;
  // The roles of one graph share its privileges (a role compiled before the graph's masks grew has a shorter one).
  const privilegeBits = held[0]?.privilegeBits ?? new PrivilegeBits(space);
  const words = Math.max(space.words, ...held.map((role) => role.bits.length));
  const compose = (gate?: LicenceGate) => {
    const access = new ComposedAccess(space, privilegeBits, emptyMask(words), 0, words);
    composeAccess(access, held, overrides, gate, gate ? gate.held(licences!.held) : undefined);
    return access;
  };
  if (!licences) return compose();
  const access = compose(licences.gate);
  access.ungated = () => compose();
  return access;
}
