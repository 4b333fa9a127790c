/**
 * The resolver: role chain → permissions and custom privileges → per-user overrides, compiled so that a
 * check is one map lookup and one bit test. Pure: no database, so it is unit-tested and benchmarked alone.
 *
 * - A role grants what it holds plus everything its base role grants, in a cascade.
 * - A custom privilege named like a system permission is ignored: the system permission always wins.
 * - A membership holds a set of roles: its access is the union of every chain, then its overrides:
 *   grants added, denials removed (deny wins), hidden modules blocked entirely.
 */

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

/** The system permissions as bit positions, and which bits each module owns. */
export class PermissionSpace {
  readonly index: ReadonlyMap<string, number>;
  readonly words: number;
  private readonly moduleMasks = new Map<string, Uint32Array>();

  constructor(readonly definitions: readonly { name: string; module?: string }[]) {
    this.index = new Map(definitions.map((definition, position) => [definition.name, position]));
    this.words = Math.max(1, Math.ceil(definitions.length / 32));
    definitions.forEach((definition, position) => {
      if (!definition.module) return;
      const mask = this.moduleMasks.get(definition.module) ?? new Uint32Array(this.words);
      mask[position >>> 5]! |= 1 << (position & 31);
      this.moduleMasks.set(definition.module, mask);
    });
  }

  get names(): string[] {
    return this.definitions.map((definition) => definition.name);
  }

  isSystem(name: string): boolean {
    return this.index.has(name);
  }

  bitsOf(names: readonly string[]): Uint32Array {
    const bits = new Uint32Array(this.words);
    for (const name of names) {
      const position = this.index.get(name);
      if (position !== undefined) bits[position >>> 5]! |= 1 << (position & 31);
    }
    return bits;
  }

  moduleMask(module: string): Uint32Array | undefined {
    return this.moduleMasks.get(module);
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
 * Compiles every role of an account, each with its whole chain. Refuses a cycle, a chain deeper than
 * MAX_CHAIN_DEPTH and a base that does not exist, naming the roles involved.
 */
export function compileRoles(space: PermissionSpace, roles: readonly RoleInput[] | ReadonlyMap<string, RoleInput>): Map<string, CompiledRole> {
  const byId: ReadonlyMap<string, RoleInput> = roles instanceof Map ? roles : new Map((roles as RoleInput[]).map((role) => [role.id, role]));
  const compiled = new Map<string, CompiledRole>();
  for (const start of byId.values()) {
    if (compiled.has(start.id)) continue;
    // Walk down to the first compiled role (or the root), then build back up: no recursion, no re-walks.
    const pending: RoleInput[] = [];
    let cursor: RoleInput | undefined = start;
    while (cursor && !compiled.has(cursor.id)) {
      if (pending.includes(cursor)) {
        const names = pending.slice(pending.indexOf(cursor)).map((role) => role.name);
        throw new AccessGraphError('cycle', names, `The roles ${names.join(' → ')} are based on each other in a circle.`);
      }
      pending.push(cursor);
      if (cursor.baseRoleId === null) break;
      const base = byId.get(cursor.baseRoleId);
      if (!base) throw new AccessGraphError('missing_base', [cursor.name], `The base role of “${cursor.name}” does not exist.`);
      cursor = base;
    }
    let below: CompiledRole | undefined = cursor ? compiled.get(cursor.id) : undefined;
    for (let i = pending.length - 1; i >= 0; i -= 1) {
      below = compileRole(space, pending[i]!, below);
      compiled.set(below.id, below);
    }
  }
  return compiled;
}

/** A role the account's graph cannot compile, and why. It grants nothing (not even its base's grants) until fixed. */
export interface BrokenRole {
  id: string;
  name: string;
  /** `broken_base`: the role itself is fine, but a role in its chain is broken. */
  code: AccessGraphError['code'] | 'broken_base';
  message: string;
}

/** An account's roles compiled as far as they can be: `broken` holds the roles left out, by id. */
export interface CompiledGraph {
  compiled: Map<string, CompiledRole>;
  broken: Map<string, BrokenRole>;
}

/**
 * Compiles every role that can be compiled, and leaves out (in `broken`) every role that cannot: one in a
 * circle, one past MAX_CHAIN_DEPTH, one whose base does not exist, and every role based on one of those.
 * A stored graph is checked before every write, so a broken one means someone wrote it around the checks;
 * this keeps the rest of the account (the built-in roles at least, which have no base) working meanwhile.
 */
export function compileRolesTolerant(space: PermissionSpace, roles: readonly RoleInput[] | ReadonlyMap<string, RoleInput>): CompiledGraph {
  const byId: ReadonlyMap<string, RoleInput> = roles instanceof Map ? roles : new Map((roles as RoleInput[]).map((role) => [role.id, role]));
  const compiled = new Map<string, CompiledRole>();
  const broken = new Map<string, BrokenRole>();
  const breakAll = (pending: readonly RoleInput[], cause: RoleInput) => {
    for (const role of pending) {
      if (broken.has(role.id)) continue;
      broken.set(role.id, { id: role.id, name: role.name, code: 'broken_base', message: `“${role.name}” is based on “${cause.name}”, which is broken.` });
    }
  };
  for (const start of byId.values()) {
    if (compiled.has(start.id) || broken.has(start.id)) continue;
    const pending: RoleInput[] = [];
    const onPath = new Set<string>();
    let cursor: RoleInput | undefined = start;
    let failed = false;
    while (cursor && !compiled.has(cursor.id)) {
      if (broken.has(cursor.id)) {
        breakAll(pending, cursor);
        failed = true;
        break;
      }
      if (onPath.has(cursor.id)) {
        const circle = pending.slice(pending.indexOf(cursor));
        const names = circle.map((role) => role.name);
        const message = `The roles ${names.join(' → ')} are based on each other in a circle.`;
        for (const role of circle) broken.set(role.id, { id: role.id, name: role.name, code: 'cycle', message });
        breakAll(pending, cursor);
        failed = true;
        break;
      }
      pending.push(cursor);
      onPath.add(cursor.id);
      if (cursor.baseRoleId === null) break;
      const base = byId.get(cursor.baseRoleId);
      if (!base) {
        broken.set(cursor.id, { id: cursor.id, name: cursor.name, code: 'missing_base', message: `The base role of “${cursor.name}” does not exist.` });
        breakAll(pending, cursor);
        failed = true;
        break;
      }
      cursor = base;
    }
    if (failed) continue;
    let below: CompiledRole | undefined = cursor ? compiled.get(cursor.id) : undefined;
    for (let i = pending.length - 1; i >= 0; i -= 1) {
      const role = pending[i]!;
      if (below && below.depth >= MAX_CHAIN_DEPTH) {
        const message = `“${role.name}” would sit ${below.depth + 1} levels deep; the limit is ${MAX_CHAIN_DEPTH}.`;
        broken.set(role.id, { id: role.id, name: role.name, code: 'too_deep', message });
        breakAll(pending.slice(0, i), role);
        break;
      }
      below = compileRole(space, role, below);
      compiled.set(below.id, below);
    }
  }
  return { compiled, broken };
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
