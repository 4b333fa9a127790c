// An account's roles compiled into bit masks. Each role keeps its own mask (its permissions, and its custom
// privileges interned as the bits after them), so compiling a role is OR-ing its own mask into its base's
// compiled one: a whole account compiles in one pass over its roles, and a change recompiles the changed
// role and the roles below it in place, without reading a name of theirs again. Pure.

import { emptyMask, PrivilegeBits, resizedMask, type Mask, type PermissionSpace } from './permission-space';
import { AccessGraphError, MAX_CHAIN_DEPTH, NO_OVERRIDES, privilegesIn, type CompiledRole, type OverrideInput, type RoleInput } from './resolver';

/** A role the account's graph cannot compile, and why. It grants nothing (not even its base's grants) until fixed. */
export interface BrokenRole {
  id: string;
  name: string;
  /** `broken_base`: the role itself is fine, but a role in its chain is broken. */
  code: AccessGraphError['code'] | 'broken_base';
  message: string;
}

// Every graph's versions and stamps come from one counter, so a number names one state of one graph.
let lastVersion = 0;
const nextVersion = () => (lastVersion += 1);

// A node's state: not linked yet; its chain checked, so its base and depth are known; compiled, its own mask
// and bits current; broken (it grants nothing). A role compiles on first use: an account load links and
// checks every role, but reads the names of only the roles its first member's chain holds.
const UNLINKED = 0;
const LINKED = 1;
const COMPILED = 2;
const BROKEN = 3;

const NO_BITS: Mask = [];
const NO_WORDS = new Int32Array(0);

/** Lookups by id that walk the role list before the graph builds its map (see RoleGraph.node). */
const LOOKUPS_BEFORE_INDEX = 4;

/** One role, compiled with its whole chain; recompiled in place when it or a role below its root changes. */
export class RoleNode implements CompiledRole {
  readonly space: PermissionSpace;
  readonly privilegeBits: PrivilegeBits;
  /**
   * Its compiled words: a typed array, like the store every member slot's words live in, so the words a
   * check reads are of one kind whatever the access (a check reading arrays of mixed kinds is slower).
   */
  bits: Int32Array = NO_WORDS;
  /** A role's mask is its own: its words start at 0. */
  readonly offset = 0;
  /** The role's own permissions and privileges, kept so a recompile is a bit-OR. */
  own: Mask = NO_BITS;
  base: RoleNode | undefined = undefined;
  depth = 0;
  allPrivileges = false;
  /**
   * The graph's `roleStamp` while the role is in it: its bits are recompiled in place, so it is always
   * current there; 0 once removed. A member's shared access is checked against it (see AccountAccess).
   */
  stamp: number;
  state = UNLINKED;
  /** The last walk that passed this node (a cycle is a walk meeting itself). */
  walk = 0;
  /** Roles based on this one (linked on the graph's first change: a load does not need them). */
  children: RoleNode[] | undefined = undefined;
  private chainIds: readonly string[] | undefined = undefined;
  private soleRoleIds: readonly string[] | undefined = undefined;

  constructor(
    graph: RoleGraph,
    public input: RoleInput,
  ) {
    this.space = graph.space;
    this.privilegeBits = graph.privilegeBits;
    this.stamp = graph.roleStamp;
  }

  get id(): string {
    return this.input.id;
  }

  get name(): string {
    return this.input.name;
  }

  get chain(): readonly string[] {
    this.chainIds ??= this.base ? [this.id, ...this.base.chain] : [this.id];
    return this.chainIds;
  }

  get privileges(): ReadonlySet<string> {
    return privilegesIn(this);
  }

  /** As a member's access: a member holding just this role, with no overrides. */
  get roleIds(): readonly string[] {
    this.soleRoleIds ??= [this.id];
    return this.soleRoleIds;
  }

  get overrides(): OverrideInput {
    return NO_OVERRIDES;
  }

  forgetChain(): void {
    this.chainIds = undefined;
    this.soleRoleIds = undefined;
  }
}

/**
 * An account's roles, linked and checked at once: a cycle, a chain over MAX_CHAIN_DEPTH and a missing base
 * are refused (strict) or left out as broken (tolerant), with every role based on a broken one. Each role
 * compiles on first use (`compiledNode`). `upsert` and `remove` change one role in place: a compiled role
 * and the compiled roles below it are recompiled from their kept own masks, and `version` moves on.
 */
export class RoleGraph {
  readonly broken = new Map<string, BrokenRole>();
  readonly privilegeBits: PrivilegeBits;
  /** Words per mask: the system permissions', then the privileges' (with room to grow). */
  width: number;
  version = nextVersion();
  /** The stamp of this graph's roles: unlike a version, it does not move when a role changes. */
  readonly roleStamp = nextVersion();
  /** Told when `width` grows (a store laid out by it must be laid out again). */
  onWiden: (() => void) | undefined = undefined;
  private walks = 0;
  private childrenLinked = false;
  /** Every role, in the order loaded (then added). */
  private readonly list: RoleNode[] = [];
  /** The roles by id, built when first needed past a few lookups (see `node`). */
  private byId: Map<string, RoleNode> | undefined = undefined;
  private scans = 0;

  constructor(
    readonly space: PermissionSpace,
    roles: readonly RoleInput[],
    strict: boolean,
  ) {
    this.privilegeBits = new PrivilegeBits(space);
    // Room for every privilege named, counted before any is interned: a load never widens.
    let privilegesNamed = 0;
    for (const role of roles) privilegesNamed += role.privileges.length;
    this.width = this.privilegeBits.wordsFor(privilegesNamed);
    for (const role of roles) this.list.push(new RoleNode(this, role));
    this.linkAll(strict);
  }

  /** The roles by id. */
  get nodes(): ReadonlyMap<string, RoleNode> {
    if (this.byId === undefined) {
      this.byId = new Map();
      for (const node of this.list) this.byId.set(node.id, node);
    }
    return this.byId;
  }

  /**
   * The role of that id. The first few lookups walk the list, comparing ids, rather than build the map:
   * ids come from the database as new strings, and hashing every role's id would be most of what a cold
   * load costs before its first check, which needs one or two of them.
   */
  node(id: string): RoleNode | undefined {
    if (this.byId !== undefined || this.scans >= LOOKUPS_BEFORE_INDEX) return this.nodes.get(id);
    this.scans += 1;
    // From the end: like the map, the last role loaded under an id wins.
    for (let i = this.list.length - 1; i >= 0; i -= 1) if (this.list[i]!.input.id === id) return this.list[i];
    return undefined;
  }

  /** The compiled role of that id (compiling it and its chain on first use); undefined when there is none or it is broken. */
  compiledNode(id: string): RoleNode | undefined {
    const node = this.node(id);
    if (node === undefined || node.state === BROKEN) return undefined;
    if (node.state === LINKED) this.compile(node);
    return node;
  }

  /** Every role that is not broken, compiled. */
  compiledMap(): Map<string, RoleNode> {
    const compiled = new Map<string, RoleNode>();
    for (const [id, node] of this.nodes) {
      if (node.state === BROKEN) continue;
      if (node.state === LINKED) this.compile(node);
      compiled.set(id, node);
    }
    return compiled;
  }

  inputMap(): Map<string, RoleInput> {
    const inputs = new Map<string, RoleInput>();
    for (const [id, node] of this.nodes) inputs.set(id, node.input);
    return inputs;
  }

  /** Adds or replaces a role; refuses (AccessGraphError) a change that makes a cycle or too deep a chain, changing nothing. */
  upsert(role: RoleInput): void {
    // A broken graph is not patched in place (its links may loop): the caller drops it and reloads.
    if (this.broken.size > 0) {
      const names = [...this.broken.values()].map((entry) => entry.name);
      throw new AccessGraphError('cycle', names, 'This account’s stored roles are broken; reload them rather than patch them.');
    }
    let base: RoleNode | undefined;
    if (role.baseRoleId !== null) {
      base = this.node(role.baseRoleId);
      if (!base) throw new AccessGraphError('missing_base', [role.name], `The base role of “${role.name}” does not exist.`);
      for (let link: RoleNode | undefined = base; link; link = link.base) {
        if (link.id === role.id) {
          const names = [role.name, ...base.chain.slice(0, base.chain.indexOf(role.id)).map((id) => this.nodes.get(id)!.name)];
          throw new AccessGraphError('cycle', names, `The roles ${names.join(' → ')} would be based on each other in a circle.`);
        }
      }
    }
    this.linkChildren();
    const existing = this.node(role.id);
    const below = existing ? this.levelsBelow(existing) : undefined;
    const depth = (base ? base.depth + 1 : 0) + (below?.deepest ?? 0);
    if (depth > MAX_CHAIN_DEPTH) {
      throw new AccessGraphError('too_deep', [role.name], `That would put a role ${depth} levels deep; the limit is ${MAX_CHAIN_DEPTH}.`);
    }

    const wasCompiled = existing?.state === COMPILED;
    const node = existing ?? this.addNode(role);
    const parent = existing ? this.parentOf(existing) : undefined;
    if (parent !== base) {
      parent?.children!.splice(parent.children!.indexOf(node), 1);
      if (base) (base.children ??= []).push(node);
    }
    node.input = role;
    this.link(node, base);
    // A compiled role may be what members read: it and the compiled roles below it are recompiled now,
    // parents before children. Roles not compiled yet (none below one that is not) compile on first use.
    if (wasCompiled) {
      if (base?.state === LINKED) this.compile(base);
      this.writeOwn(node);
      this.compileNode(node);
    }
    for (const lower of below?.nodes.slice(1) ?? []) {
      lower.depth = lower.base!.depth + 1;
      lower.forgetChain();
      if (lower.state === COMPILED) this.compileNode(lower);
    }
    this.moveOn();
  }

  /** Removes a role; refuses one that other roles are based on. */
  remove(id: string): void {
    this.linkChildren();
    const node = this.node(id);
    if (node && (node.children?.length ?? 0) > 0) {
      throw new AccessGraphError('missing_base', [node.name], 'Other roles are based on this role.');
    }
    if (node) {
      const parent = this.parentOf(node);
      parent?.children!.splice(parent.children!.indexOf(node), 1);
      this.byId?.delete(id);
      this.list.splice(this.list.indexOf(node), 1);
      node.stamp = 0;
    }
    this.moveOn();
  }

  private moveOn(): void {
    this.version = nextVersion();
  }

  private addNode(role: RoleInput): RoleNode {
    const node = new RoleNode(this, role);
    this.list.push(node);
    this.byId?.set(role.id, node);
    return node;
  }

  /** The role's own mask, from its names: permissions by the space, privileges interned. */
  private writeOwn(node: RoleNode): void {
    const { space, width } = this;
    if (node.own.length === width) for (let word = 0; word < width; word += 1) node.own[word] = 0;
    else node.own = emptyMask(width);
    const own = node.own;
    const { permissions, permissionBits, privileges } = node.input;
    if (permissionBits !== undefined && permissionBits.of === permissions && permissionBits.space === space) {
      const { bits } = permissionBits;
      const count = space.definitions.length;
      for (let i = 0; i < bits.length; i += 1) {
        const position = bits[i]!;
        if (position >= 0 && position < count) own[position >>> 5]! |= 1 << (position & 31);
      }
    } else {
      for (let i = 0; i < permissions.length; i += 1) {
        const position = space.index.get(permissions[i]!);
        if (position !== undefined) own[position >>> 5]! |= 1 << (position & 31);
      }
    }
    for (let i = 0; i < privileges.length; i += 1) {
      const position = this.privilegeBits.positionOf(privileges[i]!);
      if (position === undefined) continue;
      if (position >>> 5 >= width) {
        this.widen(position >>> 5);
        return this.writeOwn(node);
      }
      own[position >>> 5]! |= 1 << (position & 31);
    }
  }

  /** Compiles the role and the part of its chain not compiled yet, from the root side up. */
  private compile(node: RoleNode): void {
    const uncompiled: RoleNode[] = [];
    for (let link: RoleNode | undefined = node; link !== undefined && link.state === LINKED; link = link.base) uncompiled.push(link);
    for (let i = uncompiled.length - 1; i >= 0; i -= 1) {
      this.writeOwn(uncompiled[i]!);
      this.compileNode(uncompiled[i]!);
    }
  }

  /**
   * Makes room for word `word` (a new privilege past the last word), with room to grow. Masks compiled
   * before stay shorter: they hold none of the new privileges, and every reader takes a missing word as 0.
   */
  private widen(word: number): void {
    const privilegeWords = this.width - this.space.words;
    this.width = Math.max(word + 1, this.space.words + Math.max(1, privilegeWords * 2));
    this.onWiden?.();
  }

  /** The role's bits: its own mask OR its (compiled) base's bits. */
  private compileNode(node: RoleNode): void {
    const width = this.width;
    if (node.bits.length !== width) node.bits = new Int32Array(width);
    if (node.own.length !== width) node.own = resizedMask(node.own, width);
    const { bits, own, base } = node;
    if (base) {
      const below = base.bits;
      for (let word = 0; word < width; word += 1) bits[word] = own[word]! | (below[word] ?? 0);
    } else {
      for (let word = 0; word < width; word += 1) bits[word] = own[word]!;
    }
    node.allPrivileges = node.input.allPrivileges === true || (base !== undefined && base.allPrivileges);
    node.state = COMPILED;
  }

  private link(node: RoleNode, base: RoleNode | undefined): void {
    node.base = base;
    node.depth = base ? base.depth + 1 : 0;
    node.state = LINKED;
    node.forgetChain();
  }

  /**
   * Links every role: from each role not yet linked, walks down to the first linked role (or the root), then
   * links back up; no recursion, no re-walks. Strict: throws the first problem met. Tolerant: records it in
   * `broken`, with every role based on a broken one, and links the rest.
   */
  private linkAll(strict: boolean): void {
    const pending: RoleNode[] = [];
    const loaded = this.list;
    for (const start of loaded) {
      if (start.state !== UNLINKED) continue;
      const walk = (this.walks += 1);
      let count = 0;
      let cursor: RoleNode | undefined = start;
      let cause: RoleNode | undefined;
      while (cursor && cursor.state !== LINKED) {
        if (cursor.state === BROKEN) {
          cause = cursor;
          break;
        }
        if (cursor.walk === walk) {
          const circle = pending.slice(pending.indexOf(cursor), count);
          const names = circle.map((node) => node.name);
          this.fail(strict, 'cycle', names, `The roles ${names.join(' → ')} are based on each other in a circle.`, circle);
          cause = cursor;
          break;
        }
        pending[count++] = cursor;
        cursor.walk = walk;
        const input: RoleInput = cursor.input;
        const baseId = input.baseRoleId;
        if (baseId === null) {
          cursor = undefined;
          break;
        }
        // The position the database gave, if it names the same role (a compare, no hashing); else by id.
        const placed: RoleNode | undefined = input.basePosition == null ? undefined : loaded[input.basePosition];
        const base: RoleNode | undefined = placed !== undefined && placed.input.id === baseId ? placed : this.node(baseId);
        if (!base) {
          this.fail(strict, 'missing_base', [cursor.name], `The base role of “${cursor.name}” does not exist.`, [cursor]);
          cause = cursor;
          break;
        }
        cursor = base;
      }
      if (cause) {
        this.breakAll(pending, count, cause);
        continue;
      }
      let below = cursor;
      for (let i = count - 1; i >= 0; i -= 1) {
        const node = pending[i]!;
        if (below && below.depth >= MAX_CHAIN_DEPTH) {
          this.fail(strict, 'too_deep', [node.name], `“${node.name}” would sit ${below.depth + 1} levels deep; the limit is ${MAX_CHAIN_DEPTH}.`, [node]);
          this.breakAll(pending, i, node);
          break;
        }
        this.link(node, below);
        below = node;
      }
    }
  }

  /** Strict: throws. Tolerant: leaves the roles out as broken. */
  private fail(strict: boolean, code: AccessGraphError['code'], names: string[], message: string, roles: readonly RoleNode[]): void {
    if (strict) throw new AccessGraphError(code, names, message);
    for (const node of roles) {
      node.state = BROKEN;
      this.broken.set(node.id, { id: node.id, name: node.name, code, message });
    }
  }

  /** Leaves out the first `count` pending roles, based on a broken one, unless they are broken already. */
  private breakAll(pending: readonly RoleNode[], count: number, cause: RoleNode): void {
    for (let i = 0; i < count; i += 1) {
      const node = pending[i]!;
      if (node.state === BROKEN) continue;
      node.state = BROKEN;
      this.broken.set(node.id, { id: node.id, name: node.name, code: 'broken_base', message: `“${node.name}” is based on “${cause.name}”, which is broken.` });
    }
  }

  private parentOf(node: RoleNode): RoleNode | undefined {
    return node.input.baseRoleId === null ? undefined : this.node(node.input.baseRoleId);
  }

  private linkChildren(): void {
    if (this.childrenLinked) return;
    for (const node of this.list) {
      const parent = this.parentOf(node);
      if (parent) (parent.children ??= []).push(node);
    }
    this.childrenLinked = true;
  }

  /** The role and every role based on it, parents before children, and how many levels they reach below it. */
  private levelsBelow(node: RoleNode): { nodes: RoleNode[]; deepest: number } {
    const walk = (this.walks += 1);
    const nodes = [node];
    const levels = [0];
    let deepest = 0;
    node.walk = walk;
    for (let next = 0; next < nodes.length; next += 1) {
      for (const child of nodes[next]!.children ?? []) {
        if (child.walk === walk) continue;
        child.walk = walk;
        nodes.push(child);
        levels.push(levels[next]! + 1);
        deepest = Math.max(deepest, levels[next]! + 1);
      }
    }
    return { nodes, deepest };
  }
}
