import Papa from 'papaparse';
import { z } from 'zod';
import { requireMemberAccess } from '@/lib/auth/current';
import { exportLicenceAssignments } from '@/lib/dal/licences/assignments';
import { dalErrorResponse } from '@/lib/http/route';

/** Every seat held (or one licence's, with `?licence=<id>`), as CSV (licences.manage, checked in the data layer). */
export async function GET(request: Request) {
  const { actor } = await requireMemberAccess();
  const licence = new URL(request.url).searchParams.get('licence');
  if (licence !== null && !z.uuid().safeParse(licence).success) return Response.json({ error: 'not_found', message: 'That licence does not exist in this account.' }, { status: 404 });
  try {
    const rows = await exportLicenceAssignments(actor, licence ?? undefined);
    const csv = Papa.unparse(
      rows.map((row) => ({ Licence: row.licence, 'Product key': row.key, Name: row.name, Email: row.email, Status: row.status, 'Seat given (UTC)': row.grantedAt, 'Licence ends (UTC)': row.endsAt ?? '' })),
      // A cell starting with = + - @ would run as a formula in a spreadsheet: papaparse quotes it away.
      { escapeFormulae: true },
    );
    return new Response(`\uFEFF${csv}`, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="licence-assignments.csv"',
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return dalErrorResponse(error);
  }
}
