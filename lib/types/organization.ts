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
