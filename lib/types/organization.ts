import type { MemberPage } from '@/lib/types/members';

/** A department as lists show it: its place in the tree (depth from a root, 0-based) and its member count. */
export interface DepartmentNode {
  id: string;
  parentId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  description: string;
  members: number;
  depth: number;
}

/** A team as lists show it: its responsible person and member count. */
export interface TeamSummary {
  id: string;
  name: string;
  description: string;
  responsible: { membershipId: string; name: string } | null;
  members: number;
}

/** The structures whose members pages list. */
export type StructureKind = 'department' | 'team' | 'group';

/** A group as lists show it: its shared inbox, the roles it carries and how many members it has. */
export interface GroupSummary {
  id: string;
  name: string;
  email: string | null;
  description: string;
  roles: { id: string; name: string }[];
  members: number;
}

/** Who loses what if a group is deleted (its first 100 losing members named). */
export interface GroupDeletionPreview {
  group: { id: string; name: string };
  roles: { id: string; name: string }[];
  memberCount: number;
  /** How many members lose at least one permission or privilege. */
  losingCount: number;
  /** The first PREVIEW_NAMED of them by name, each with what they lose. */
  members: { membershipId: string; name: string; loses: string[] }[];
  /** Everything someone loses, by name. */
  lost: string[];
}

/** One member of a department or team, as its members table shows them. */
export interface StructureMember {
  membershipId: string;
  name: string;
  email: string;
  avatarKey: string | null;
  /** Teams: whether this is the member's primary team. */
  isPrimary: boolean;
}

/** A page of a structure's members: in name order, searched, paged as the Users tab is (lib/types/members.ts). */
export type StructureMemberPage = Omit<MemberPage, 'rows'> & { rows: StructureMember[] };

/** A member found by a picker's search. */
export interface PickableMember {
  membershipId: string;
  name: string;
  email: string;
  avatarKey: string | null;
}

/** The account's structures as pickers and filters offer them: ids and names, departments in tree order. */
export interface StructureOptions {
  departments: { id: string; name: string; depth: number }[];
  teams: { id: string; name: string }[];
  groups: { id: string; name: string }[];
}
