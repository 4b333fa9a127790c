import type { PermissionCategory } from '@/lib/access/catalogue';

// The permission matrix as the page and its client components take it (lib/dal/roles/get-role-matrix.ts
// builds it; set-role-grant.ts answers a column update). Types only.
/** One role as a matrix column: what it holds itself; the client walks `baseRoleId` for what it inherits. */
export interface MatrixColumn {
  id: string;
  name: string;
  builtinKey: string | null;
  baseRoleId: string | null;
  version: number;
  memberCount: number;
  /** "Salesperson ← User". */
  chain: string[];
  /** The system permissions and custom privileges the role holds itself. */
  own: string[];
  /** The Owner: every custom privilege, present and future. */
  allPrivileges: boolean;
}

/** What the header and the cells' words need of a column (not its grants). */
export type MatrixHead = Pick<MatrixColumn, 'id' | 'name' | 'builtinKey' | 'baseRoleId' | 'memberCount' | 'chain'>;

export type MatrixRowCategory = PermissionCategory | 'privilege';

export interface MatrixRow {
  name: string;
  label: string;
  description: string;
  category: MatrixRowCategory;
  /** Whether the viewer holds it themselves, and so may grant or remove it. */
  changeable: boolean;
  /** The licences that gate it (issue 17): a role grants it, but only their seat holders use it. */
  licences?: string[];
}

export interface RoleMatrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

/** What a saved cell changes: the role's own grants, as written, and its new version. */
export type MatrixColumnUpdate = Pick<MatrixColumn, 'id' | 'version' | 'own'>;
