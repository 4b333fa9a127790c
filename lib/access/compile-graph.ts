// An account's roles compiled together: each with its whole chain, a cycle, a chain over the limit or a
// missing base refused (compileRoles) or left out as broken while the rest compiles (compileRolesTolerant).
// Both are one pass of RoleGraph (role-graph.ts) over the roles.
import type { PermissionSpace } from './permission-space';
import type { CompiledRole, RoleInput } from './resolver';
import { RoleGraph, type BrokenRole } from './role-graph';

export type { BrokenRole };

const listOf = (roles: readonly RoleInput[] | ReadonlyMap<string, RoleInput>): readonly RoleInput[] => (Array.isArray(roles) ? roles : [...roles.values()]);

/**
 * Compiles every role of an account, each with its whole chain. Refuses a cycle, a chain deeper than
 * MAX_CHAIN_DEPTH and a base that does not exist, naming the roles involved.
 */
export function compileRoles(space: PermissionSpace, roles: readonly RoleInput[] | ReadonlyMap<string, RoleInput>): Map<string, CompiledRole> {
  return new RoleGraph(space, listOf(roles), true).compiledMap();
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
  const graph = new RoleGraph(space, listOf(roles), false);
  return { compiled: graph.compiledMap(), broken: graph.broken };
}
