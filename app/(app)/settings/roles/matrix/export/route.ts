import Papa from 'papaparse';
import { CATEGORY_LABELS } from '@/lib/access/catalogue';
import { requireMemberAccess } from '@/lib/auth/current';
import { dalErrorResponse } from '@/lib/http/route';
import { getRoleMatrix } from '@/lib/dal/roles/get-role-matrix';
import { computeCellStates, stateWord } from '../_components/cell-state';

/**
 * The permission matrix as CSV: one line per permission and custom privilege, one column per role, each
 * cell "granted", "inherited from <role>" or empty. Needs roles.manage (checked in the data layer).
 */
export async function GET() {
  const { actor } = await requireMemberAccess();
  try {
    const { columns, rows } = await getRoleMatrix(actor);
    const states = computeCellStates(columns, rows);
    const header = ['Category', 'Permission', 'Name', ...columns.map((column) => column.name)];
    const lines = rows.map((row, r) => [
      row.category === 'privilege' ? 'Custom privileges' : CATEGORY_LABELS[row.category],
      row.label,
      row.name,
      ...columns.map((_, c) => stateWord(states[r * columns.length + c]!, columns)),
    ]);
    // A role named "=cmd()" would run as a formula in a spreadsheet: papaparse quotes it away.
    const csv = Papa.unparse({ fields: header, data: lines }, { escapeFormulae: true });
    const date = new Date().toISOString().slice(0, 10);
    return new Response(`\uFEFF${csv}`, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="permission-matrix-${date}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return dalErrorResponse(error);
  }
}
