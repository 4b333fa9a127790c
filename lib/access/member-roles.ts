// What a member's access is made of, before the resolver: the roles given to them directly and the roles
// of every group they belong to. Pure, so the loader and the tests agree on it.

/** A group as a member's access sees it: the roles it carries. */
export interface GroupRoles {
  readonly id: string;
  readonly name: string;
  readonly roleIds: readonly string[];
}

/**
 * A member's role ids as the resolver takes them: their direct roles and every role of every group they
 * belong to, each once, sorted; so members who hold the same set of roles, whichever way they came, share
 * one compiled access (AccountAccess compares the lists in order).
 */
export function memberRoleIds(direct: Iterable<string>, fromGroups: Iterable<string> = []): string[] {
  return [...new Set([...direct, ...fromGroups])].sort();
}

/**
 * The roles a member holds only through groups, each with the group that gives it (the first by name when
 * several do): a role they also hold directly is theirs directly. For explanations ("Sales (group) → …").
 */
export function rolesThroughGroups(direct: Iterable<string>, groups: readonly GroupRoles[]): Map<string, { id: string; name: string }> {
  const own = new Set(direct);
  const through = new Map<string, { id: string; name: string }>();
  const byName = [...groups].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const group of byName) {
    for (const roleId of group.roleIds) if (!own.has(roleId) && !through.has(roleId)) through.set(roleId, { id: group.id, name: group.name });
  }
  return through;
}
