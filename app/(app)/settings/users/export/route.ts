import Papa from 'papaparse';
import { requireMemberAccess } from '@/lib/auth/current';
import { dalErrorResponse } from '@/lib/http/route';
import { exportMembers } from '@/lib/dal/members/list-members';
import { parseMemberQuery } from '@/lib/validation/members';

/** The Users tab's current filtered, sorted view as CSV. Needs users.manage (checked in the data layer). */
export async function GET(request: Request) {
  const { actor } = await requireMemberAccess();
  const query = parseMemberQuery(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const rows = await exportMembers(actor, query);
    const csv = Papa.unparse(
      rows.map((row) => ({
        'First name': row.firstName,
        'Last name': row.lastName,
        Email: row.email,
        Phone: row.phone ?? '',
        Roles: row.roles.map((role) => role.name).join(', '),
        'Primary team': row.primaryTeam?.name ?? '',
        Login: row.loginType === 'sso' ? 'SSO' : 'Local',
        Status: row.status,
        'Access expires': row.accessExpiresAt ?? '',
        'Last sign-in': row.lastSignInAt ?? '',
      })),
      // A cell starting with = + - @ would run as a formula in a spreadsheet: papaparse quotes it away.
      { escapeFormulae: true },
    );
    const date = new Date().toISOString().slice(0, 10);
    return new Response(`\uFEFF${csv}`, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="users-${date}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return dalErrorResponse(error);
  }
}
