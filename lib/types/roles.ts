// Roles as the roles pages and their dialogs take them (lib/dal/roles builds them). Types only.

export interface RoleView {
  id: string;
  name: string;
  description: string;
  builtinKey: string | null;
  baseRoleId: string | null;
  /** This role, then its base, then that role's base…: "Salesperson ← User". */
  chain: { id: string; name: string }[];
  ownPermissions: string[];
  privileges: string[];
  effectivePermissions: string[];
  effectivePrivileges: string[];
  /** For each effective permission or privilege: the role in the chain that grants it. */
  grantedBy: Record<string, string>;
  /** Members given the role directly (role_member_counts). */
  memberCount: number;
  /** The groups that carry the role (issue 16): their members hold it too. */
  groups: { id: string; name: string }[];
  version: number;
  /** Why the role cannot be compiled (a circle, a chain too deep…): it grants nothing until fixed. */
  broken: string | null;
}

/** Who depends on a role: shown before deleting it. */
export interface RoleUsage {
  roleId: string;
  name: string;
  builtin: boolean;
  memberCount: number;
  /** A few of the members, by name (the count says how many more). */
  members: { membershipId: string; name: string }[];
  /** Open invitations (not accepted or revoked) offering it: they move with the members. */
  invitationCount: number;
  dependents: { id: string; name: string }[];
  /** The groups that carry it (their members hold it): it cannot be deleted until they let go of it. */
  groups: { id: string; name: string }[];
  /** The role's own base: where its dependents go unless the editor picks another. */
  baseRoleId: string | null;
}

/** What a copy of a role will be: its name, its base and grants, and what the actor could not copy. */
export interface DuplicatePlan {
  sourceId: string;
  sourceName: string;
  name: string;
  description: string;
  baseRoleId: string;
  baseRoleName: string;
  permissions: string[];
  privileges: string[];
  /** Permissions and privileges of the original the copy lacks: the actor does not hold them. */
  notCopied: string[];
  /** The original holds every custom privilege (the Owner): no custom role can, so the copy holds only those it lists. */
  everyPrivilegeDropped: boolean;
  /** The copy is based on another role than the original's base (a built-in original, or a base beyond the actor). */
  baseNote: string | null;
}

export interface MemberChoice {
  membershipId: string;
  name: string;
  email: string;
}
