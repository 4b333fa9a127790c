import 'server-only';
import Papa from 'papaparse';
import { requireMemberAccess } from '@/lib/auth/current';
import { exportStructureMembers, getStructure } from '@/lib/dal/organization/structure-members';
import { dalErrorResponse } from '@/lib/http/route';
import type { StructureKind } from '@/lib/types/organization';

/** A department's or team's members as CSV (groups.manage or users.manage, checked in the data layer). */
export async function exportMembersCsv(kind: StructureKind, id: string): Promise<Response> {
  const { actor } = await requireMemberAccess();
  try {
    const structure = await getStructure(actor, kind, id);
    const rows = await exportStructureMembers(actor, kind, id);
    const csv = Papa.unparse(
      rows.map((row) => ({ Name: row.name, Email: row.email, ...(kind === 'team' ? { 'Primary team': row.isPrimary ? 'yes' : '' } : {}) })),
      // A cell starting with = + - @ would run as a formula in a spreadsheet: papaparse quotes it away.
      { escapeFormulae: true },
    );
    const file = structure.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || kind;
    return new Response(`\uFEFF${csv}`, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${kind}-${encodeURIComponent(file)}-members.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return dalErrorResponse(error);
  }
}
