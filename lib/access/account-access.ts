import {
  AccessGraphError,
  compileRoles,
  NO_OVERRIDES,
  resolveAccess,
  type CompiledRole,
  type EffectiveAccess,
  type OverrideInput,
  type PermissionSpace,
  type RoleInput,
} from './resolver';

/** What a membership holds: its roles and overrides. `memo` keeps its compiled access for one graph version. */
export interface MemberInput {
  roleIds: readonly string[];
  overrides: OverrideInput;
  memo?: { version: number; access: EffectiveAccess };
}

/**
 * One account's roles, compiled. A change to one role recompiles that role and the roles below it, in
 * place, and bumps the version: every member's next check sees it, with no reload. Members holding one
 * role and no overrides read that role's compiled object directly, so they share it and are never stale.
 */
export class AccountAccess {
  private rolesById = new Map<string, RoleInput>();
  private compiledById = new Map<string, CompiledRole>();
  private version = 0;

  constructor(
    readonly space: PermissionSpace,
    roles: readonly RoleInput[],
  ) {
    this.rolesById = new Map(roles.map((role) => [role.id, role]));
    this.compiledById = compileRoles(space, roles);
  }

  get roles(): ReadonlyMap<string, RoleInput> {
    return this.rolesById;
  }

  get compiled(): ReadonlyMap<string, CompiledRole> {
    return this.compiledById;
  }

  /** Adds or replaces a role; refuses (AccessGraphError) a change that makes a cycle or too deep a chain, changing nothing. */
  upsertRole(role: RoleInput): void {
    const roles = new Map(this.rolesById);
    roles.set(role.id, role);
    const affected = this.descendantsOf(role.id, roles);
    const seed = new Map(this.compiledById);
    for (const id of affected) seed.delete(id);
    // Recompile only the changed role and the roles below it, on top of the untouched compiled roles.
    this.compiledById = compileRoles(this.space, roles, { seed, only: affected });
    this.rolesById = roles;
    this.version += 1;
  }

  removeRole(id: string): void {
    if ([...this.rolesById.values()].some((role) => role.baseRoleId === id)) {
      throw new AccessGraphError('missing_base', [this.rolesById.get(id)?.name ?? id], 'Other roles are based on this role.');
    }
    this.rolesById.delete(id);
    this.compiledById.delete(id);
    this.version += 1;
  }

  /** The member's effective access, from the compiled roles of this version. */
  resolve(member: MemberInput): EffectiveAccess {
    const plain = member.overrides === NO_OVERRIDES || isEmpty(member.overrides);
    if (plain && member.roleIds.length === 1) {
      return this.compiledById.get(member.roleIds[0]!) ?? resolveAccess(this.space, this.compiledById, []);
    }
    if (member.memo?.version === this.version) return member.memo.access;
    const access = resolveAccess(this.space, this.compiledById, member.roleIds, member.overrides);
    member.memo = { version: this.version, access };
    return access;
  }

  /** The role and every role based on it, directly or down a chain, parents before children. */
  private descendantsOf(id: string, roles: ReadonlyMap<string, RoleInput>): string[] {
    const children = new Map<string, string[]>();
    for (const role of roles.values()) {
      if (!role.baseRoleId) continue;
      children.set(role.baseRoleId, [...(children.get(role.baseRoleId) ?? []), role.id]);
    }
    const out: string[] = [];
    const queue = [id];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (seen.has(current)) continue; // a cycle: compileRoles names it
      seen.add(current);
      out.push(current);
      queue.push(...(children.get(current) ?? []));
    }
    return out;
  }
}

function isEmpty(overrides: OverrideInput): boolean {
  return overrides.grants.length === 0 && overrides.denies.length === 0 && overrides.hiddenModules.length === 0;
}
