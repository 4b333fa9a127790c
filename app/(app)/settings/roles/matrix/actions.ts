'use server';

import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { getMatrixColumns, toggleMatrixCell } from '@/lib/dal/role-matrix';
import { matrixColumnsSchema, toggleMatrixCellSchema } from '@/lib/validation/role-matrix';

/**
 * One matrix cell: grants or removes a permission or privilege on a custom role. It answers the role's
 * grants as saved and its new version instead of revalidating the page: re-rendering the matrix to change
 * a handful of cells would cost more than the save, and the cells of the roles based on it follow on the
 * page from their chains. The other roles pages are rendered per request: they show it on the next visit.
 */
export async function toggleMatrixCellAction(input: unknown) {
  return runAction(toggleMatrixCellSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    return toggleMatrixCell(actor, data, await getRequestMeta());
  });
}

/** The current columns of some roles and their families: what a refused cell goes back to. */
export async function matrixColumnsAction(input: unknown) {
  return runAction(matrixColumnsSchema, input, async ({ roleIds }) => {
    const { actor } = await requireMemberAccess();
    return getMatrixColumns(actor, roleIds);
  });
}
