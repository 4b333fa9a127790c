import { AccessGraphError, compileRole, MAX_CHAIN_DEPTH, NO_OVERRIDES, resolveAccess, type CompiledRole, type EffectiveAccess, type OverrideInput, type RoleInput } from './resolver';
import { compileRolesTolerant, type BrokenRole } from './compile-graph';
import { type PermissionSpace } from './permission-space';

/** What a membership holds: its roles and overrides. `memo` keeps its compiled access for one version of one graph. */
export interface MemberInput {
  roleIds: readonly string[];
  overrides: OverrideInput;
  memo?: { graph: AccountAccess; version: number; access: EffectiveAccess };
}

/**
 * One account's roles, compiled. A change to one role is checked first (base exists, no cycle, no chain
 * over the limit) by walking links, so a refused change changes nothing; then that role and the roles
 * below it are recompiled in place and the version moves on: every member's next check sees it, with no
 * reload. Members holding one role and no overrides read that role's compiled object directly.
 */
export class AccountAccess {
  private readonly rolesById: Map<string, RoleInput>;
  private readonly compiledById: Map<string, CompiledRole>;
  /** Roles the stored graph cannot compile (see compileRolesTolerant): they grant nothing. */
  readonly broken: ReadonlyMap<string, BrokenRole>;
  private readonly children = new Map<string, Set<string>>();
  private version = 0;

  constructor(
    readonly space: PermissionSpace,
    roles: readonly RoleInput[],
  ) {
    this.rolesById = new Map(roles.map((role) => [role.id, role]));
    ({ compiled: this.compiledById, broken: this.broken } = compileRolesTolerant(space, this.rolesById));
    for (const role of roles) if (role.baseRoleId) this.link(role.id, role.baseRoleId);
  }

  get roles(): ReadonlyMap<string, RoleInput> {
    return this.rolesById;
  }

  get compiled(): ReadonlyMap<string, CompiledRole> {
    return this.compiledById;
  }

  /** Adds or replaces a role; refuses (AccessGraphError) a change that makes a cycle or too deep a chain, changing nothing. */
  upsertRole(role: RoleInput): void {
    // A broken graph is not patched in place (its links may loop): the caller drops it and reloads.
    if (this.broken.size > 0) {
      const names = [...this.broken.values()].map((entry) => entry.name);
      throw new AccessGraphError('cycle', names, 'This account’s stored roles are broken; reload them rather than patch them.');
    }
    let base: CompiledRole | undefined;
    if (role.baseRoleId !== null) {
      base = this.compiledById.get(role.baseRoleId);
      if (!base) throw new AccessGraphError('missing_base', [role.name], `The base role of “${role.name}” does not exist.`);
      for (let link: CompiledRole | undefined = base; link; link = link.base) {
        if (link.id === role.id) {
          const names = [role.name, ...base.chain.slice(0, base.chain.indexOf(role.id)).map((id) => this.rolesById.get(id)!.name)];
          throw new AccessGraphError('cycle', names, `The roles ${names.join(' → ')} would be based on each other in a circle.`);
        }
      }
    }
    const affected = this.descendantsOf(role.id);
    const depth = (base ? base.depth + 1 : 0) + affected.deepest;
    if (depth > MAX_CHAIN_DEPTH) {
      throw new AccessGraphError('too_deep', [role.name], `That would put a role ${depth} levels deep; the limit is ${MAX_CHAIN_DEPTH}.`);
    }

    const previous = this.rolesById.get(role.id);
    if (previous?.baseRoleId) this.children.get(previous.baseRoleId)?.delete(role.id);
    if (role.baseRoleId) this.link(role.id, role.baseRoleId);
    this.rolesById.set(role.id, role);
    // Parents before children, so each compiles on its freshly compiled base.
    for (const id of affected.ids) {
      const input = this.rolesById.get(id)!;
      this.compiledById.set(id, compileRole(this.space, input, input.baseRoleId ? this.compiledById.get(input.baseRoleId) : undefined));
    }
    this.version += 1;
  }

  removeRole(id: string): void {
    if ((this.children.get(id)?.size ?? 0) > 0) {
      throw new AccessGraphError('missing_base', [this.rolesById.get(id)?.name ?? id], 'Other roles are based on this role.');
    }
    const role = this.rolesById.get(id);
    if (role?.baseRoleId) this.children.get(role.baseRoleId)?.delete(id);
    this.rolesById.delete(id);
    this.compiledById.delete(id);
    this.version += 1;
  }

  /** The member's effective access, from the compiled roles of this version. */
  resolve(member: MemberInput): EffectiveAccess {
    // Valid until any role of the account changes, and only for this graph: a reloaded account is a new
    // graph whose versions start again, so the memo must name the graph it came from.
    const memo = member.memo;
    if (memo !== undefined && memo.graph === this && memo.version === this.version) return memo.access;
    const access =
      member.roleIds.length === 1 && (member.overrides === NO_OVERRIDES || isEmpty(member.overrides))
        ? (this.compiledById.get(member.roleIds[0]!) ?? resolveAccess(this.space, this.compiledById, []))
        : resolveAccess(this.space, this.compiledById, member.roleIds, member.overrides);
    member.memo = { graph: this, version: this.version, access };
    return access;
  }

  private link(child: string, parent: string) {
    let set = this.children.get(parent);
    if (!set) this.children.set(parent, (set = new Set()));
    set.add(child);
  }

  /** The role and every role based on it, parents before children, and how many levels they reach below it. */
  private descendantsOf(id: string): { ids: string[]; deepest: number } {
    const ids = [id];
    const seen = new Set(ids);
    const levels = [0];
    let deepest = 0;
    for (let next = 0; next < ids.length; next += 1) {
      for (const child of this.children.get(ids[next]!) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        ids.push(child);
        levels.push(levels[next]! + 1);
        deepest = Math.max(deepest, levels[next]! + 1);
      }
    }
    return { ids, deepest };
  }
}

function isEmpty(overrides: OverrideInput): boolean {
  return overrides.grants.length === 0 && overrides.denies.length === 0 && overrides.hiddenModules.length === 0;
}
