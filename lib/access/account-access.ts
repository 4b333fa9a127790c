import { composeAccess, ComposedAccess, hasNoOverrides, NO_OVERRIDES, type CompiledRole, type EffectiveAccess, type OverrideInput, type RoleInput } from './resolver';
import type { BrokenRole } from './compile-graph';
import { LicenceGate, type LicenceInput } from './licences';
import { type PermissionSpace } from './permission-space';
import { RoleGraph, type RoleNode } from './role-graph';

/** A membership's roles, overrides and licences, as loaded. */
export interface MemberView {
  readonly roleIds: readonly string[];
  readonly overrides: OverrideInput;
  /** The licence pools they hold a seat of (absent: none). */
  readonly licenceIds?: readonly string[];
}

/**
 * A membership's compiled access as the account keeps it: shared by every member with the same roles and
 * overrides. For one role and no overrides, the compiled role itself, current while it is in the graph
 * (`stamp` the graph's roleStamp); otherwise a slot, current while `stamp` is the graph's version.
 */
export interface MemberAccess extends EffectiveAccess, MemberView {
  readonly stamp: number;
}

/** What a membership holds: its roles and overrides. `memo` keeps the shared access it resolved to. */
export interface MemberInput extends MemberView {
  memo?: MemberAccess;
}

/**
 * The access of members holding several roles, or overrides: one per distinct roles-and-overrides, per
 * account. Its words live in the account's slot store (see AccountAccess.place).
 */
class MemberSlot extends ComposedAccess implements MemberAccess {
  stamp = 0;

  constructor(
    graph: RoleGraph,
    /** What members share the slot by, in one object of its own: a check never reads it, so the slot stays small. */
    readonly key: SlotKey,
  ) {
    super(graph.space, graph.privilegeBits, NO_WORDS, 0, graph.width);
  }

  get roleIds(): readonly string[] {
    return this.key.roleIds;
  }

  get overrides(): OverrideInput {
    return this.key.overrides;
  }

  get licenceIds(): readonly string[] {
    return this.key.licenceIds;
  }
}

/** A slot's roles, overrides and the licences that count (LicenceGate.held), and its access before gating. */
interface SlotKey {
  readonly roleIds: readonly string[];
  readonly overrides: OverrideInput;
  readonly licenceIds: readonly string[];
  ungated: (() => EffectiveAccess) | undefined;
}

// On the prototype, not on each slot: the access before licence gating (for escalation checks).
MemberSlot.prototype.ungated = function ungated(this: MemberSlot): EffectiveAccess {
  return this.key.ungated?.() ?? this;
};

const NO_WORDS = new Int32Array(0);

/**
 * One account's roles, compiled (role-graph.ts). A change to one role is checked first (base exists, no
 * cycle, no chain over the limit), so a refused change changes nothing; then that role and the roles below
 * it are recompiled in place and the version moves on. Members point to shared access: a member of one
 * role, with no overrides, to the compiled role itself (always current); other members to a slot shared by
 * every member with the same roles and overrides, brought up to date on its first use after a change. So
 * a change costs the roles it touches, never the members, and a check stays one pointer compare, one map
 * lookup and one bit test.
 */
export class AccountAccess {
  private readonly graph: RoleGraph;
  /** Slots by their first role's id (no roles: ''), found by comparing the rest: no key to build or keep. */
  private readonly slots = new Map<string, MemberSlot[]>();
  /**
   * Every slot's words, the graph's mask width apiece, in one array: a mask of its own would cost a slot
   * ~130 B (an array's headers), and in a large account most members of several roles have a slot each.
   */
  private store = NO_WORDS;
  private slotCount = 0;
  /** The graph's version and its roles' stamp, kept here too: the warm check reads them on every call. */
  private version: number;
  private readonly roleStamp: number;
  private views: { version: number; roles: Map<string, RoleInput>; compiled: Map<string, CompiledRole> } | undefined;
  /** The account's licence pools at the moment it loaded: what they gate, and until when that holds. */
  readonly gate: LicenceGate;

  constructor(
    readonly space: PermissionSpace,
    roles: readonly RoleInput[],
    licences: readonly LicenceInput[] = [],
    now: number = Date.now(),
  ) {
    this.gate = new LicenceGate(space, licences, now);
    this.graph = new RoleGraph(space, roles, false);
    this.version = this.graph.version;
    this.roleStamp = this.graph.roleStamp;
    // Wider masks (a new privilege): every slot's words move to a store laid out at the new width.
    this.graph.onWiden = () => {
      if (this.slotCount > 0) this.layOut(this.slotCount * 2);
    };
  }

  /** When the licence gate stops being true (a pool's end passes): the account must be loaded again by then. */
  get expiresAt(): number {
    return this.gate.expiresAt;
  }

  /** Roles the stored graph cannot compile (see compileRolesTolerant): they grant nothing. */
  get broken(): ReadonlyMap<string, BrokenRole> {
    return this.graph.broken;
  }

  get roles(): ReadonlyMap<string, RoleInput> {
    return this.currentViews().roles;
  }

  get compiled(): ReadonlyMap<string, CompiledRole> {
    return this.currentViews().compiled;
  }

  /** Adds or replaces a role; refuses (AccessGraphError) a change that makes a cycle or too deep a chain, changing nothing. */
  upsertRole(role: RoleInput): void {
    this.graph.upsert(role);
    this.version = this.graph.version;
  }

  removeRole(id: string): void {
    this.graph.remove(id);
    this.version = this.graph.version;
  }

  /** The member's effective access, from the compiled roles of this version (kept in `member.memo`). */
  resolve(member: MemberInput): MemberAccess {
    const memo = member.memo;
    if (memo !== undefined && this.isCurrent(memo)) return memo;
    // A memo of another graph (the account reloaded) never matches: stamps are unique across graphs.
    return (member.memo = this.attach(member));
  }

  /** The current access for a member as loaded, or for the access it had (of this account or of an earlier load of it). */
  accessOf(member: MemberView | MemberAccess): MemberAccess {
    return this.isCurrent(member as Partial<MemberAccess>) ? (member as MemberAccess) : this.attach(member);
  }

  /** A role of this graph (always current while in it), or a slot brought up to date at this version. */
  private isCurrent(access: Partial<MemberAccess>): boolean {
    const stamp = access.stamp;
    return stamp === this.roleStamp || stamp === this.version;
  }

  private attach(member: MemberView | MemberAccess): MemberAccess {
    // A slot of this account's graph (each graph interns its own privileges) is brought up to date in place.
    if (member instanceof MemberSlot && member.privilegeBits === this.graph.privilegeBits) return this.refresh(member);
    const { roleIds, overrides } = member;
    const plain = hasNoOverrides(overrides);
    const licenceIds = this.gate.held(member.licenceIds);
    if (plain && roleIds.length === 1) {
      const role = this.graph.compiledNode(roleIds[0]!);
      // The compiled role itself, unless licence gating takes something from it for this member.
      if (role && !this.gate.bites(role.bits, 0, licenceIds)) return role;
    }
    // Order kept: an explanation names the first of equally short paths.
    const first = roleIds[0] ?? '';
    let sharing = this.slots.get(first);
    let slot = sharing?.find((candidate) => sameList(candidate.roleIds, roleIds) && sameOverrides(candidate.overrides, overrides) && sameList(candidate.licenceIds, licenceIds));
    if (!slot) {
      // The roles' own id strings, not the member's copies: a slot outlives the load that made it.
      const ids = roleIds.map((id) => this.graph.node(id)?.id ?? id);
      slot = new MemberSlot(this.graph, { roleIds: ids, overrides: plain ? NO_OVERRIDES : overrides, licenceIds, ungated: undefined });
      if (!sharing) this.slots.set(first, (sharing = []));
      sharing.push(slot);
      this.place(slot);
    }
    return slot.stamp === this.version ? slot : this.refresh(slot);
  }

  private refresh(slot: MemberSlot): MemberSlot {
    const held: RoleNode[] = [];
    for (const id of slot.roleIds) {
      const role = this.graph.compiledNode(id);
      if (role) held.push(role);
    }
    composeAccess(slot, held, slot.overrides, this.gate, slot.licenceIds);
    slot.key.ungated = this.gate.active ? () => this.ungated(held, slot.overrides) : undefined;
    slot.stamp = this.version;
    return slot;
  }

  /** A slot's access before licence gating (for escalation checks: what its member may hand out), composed afresh. */
  private ungated(held: readonly RoleNode[], overrides: OverrideInput): EffectiveAccess {
    const access = new ComposedAccess(this.graph.space, this.graph.privilegeBits, new Int32Array(this.graph.width), 0, this.graph.width);
    composeAccess(access, held, overrides);
    return access;
  }

  /** Gives a new slot its words at the end of the store, laying the store out again, twice as large, when full. */
  private place(slot: MemberSlot): void {
    const width = this.graph.width;
    if ((this.slotCount + 1) * width > this.store.length) this.layOut(Math.max(16, this.slotCount * 2));
    slot.bits = this.store;
    slot.offset = this.slotCount * width;
    slot.words = width;
    this.slotCount += 1;
  }

  /** A new store for `capacity` slots at the graph's width (grown), each slot's words copied to its new place. */
  private layOut(capacity: number): void {
    const width = this.graph.width;
    const store = new Int32Array(Math.max(capacity, this.slotCount) * width);
    let index = 0;
    for (const sharing of this.slots.values()) {
      for (const slot of sharing) {
        if (slot.bits !== this.store) continue;
        store.set(this.store.subarray(slot.offset, slot.offset + slot.words), index * width);
        slot.bits = store;
        slot.offset = index * width;
        slot.words = width;
        index += 1;
      }
    }
    this.store = store;
  }

  private currentViews() {
    if (this.views?.version !== this.version) {
      this.views = { version: this.version, roles: this.graph.inputMap(), compiled: this.graph.compiledMap() };
    }
    return this.views;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function sameOverrides(a: OverrideInput, b: OverrideInput): boolean {
  return a === b || (sameList(a.grants, b.grants) && sameList(a.denies, b.denies) && sameList(a.hiddenModules, b.hiddenModules));
}
