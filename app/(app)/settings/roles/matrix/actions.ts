'use server';

import { memberAction } from '@/lib/actions/result';
import { setRoleGrant } from '@/lib/dal/roles/set-role-grant';
import { toggleMatrixCellSchema } from '@/lib/validation/role-matrix';

/**
 * One matrix cell: grants or removes a permission or privilege on a custom role. It answers the role's
 * grants as saved and its new version instead of revalidating the page: re-rendering the matrix to change
 * a handful of cells would cost more than the save, and the cells of the roles based on it follow on the
 * page from their chains. The other roles pages are rendered per request: they show it on the next visit.
 */
export const toggleMatrixCellAction = memberAction(toggleMatrixCellSchema, async (data, { actor, meta }) => {
  return setRoleGrant(actor, data, meta);
});
