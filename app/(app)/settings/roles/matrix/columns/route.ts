import { getMatrixColumns } from '@/lib/dal/roles/get-role-matrix';
import { memberRead } from '@/lib/http/route';
import { matrixColumnsSchema } from '@/lib/validation/role-matrix';

/** The current columns of some roles (`?roleIds=…&roleIds=…`) and their families: what a refused matrix cell goes back to. */
export const GET = memberRead(matrixColumnsSchema, async ({ roleIds }, { actor }) => getMatrixColumns(actor, roleIds), { lists: ['roleIds'] });
