// An account's roles compiled together: each with its whole chain, a cycle, a chain over the limit or a
// missing base refused (compileRoles) or left out as broken while the rest compiles (compileRolesTolerant).
import type { PermissionSpace } from './permission-space';
import { AccessGraphError, compileRole, MAX_CHAIN_DEPTH, type CompiledRole, type RoleInput } from './resolver';

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
