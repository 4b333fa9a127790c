'use server';

import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { getMatrixColumns, toggleMatrixCell } from '@/lib/dal/role-matrix';
import { matrixColumnsSchema, toggleMatrixCellSchema } from '@/lib/validation/role-matrix';

/**
 * One matrix cell: grants or removes a permission or privilege on a custom role. It answers the fresh
 * columns of that role's family (its chain and the roles based on it) instead of revalidating the page:
 * re-rendering 10,000 cells to change a handful would cost more than the save. The other roles pages are
 * rendered per request, so they show the change on their next visit.
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
