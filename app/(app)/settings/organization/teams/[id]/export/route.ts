import { z } from 'zod';
import { exportMembersCsv } from '../../../_components/export-members';

export async function GET(_request: Request, { params }: RouteContext<'/settings/organization/teams/[id]/export'>) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: 'not_found', message: 'That team does not exist.' }, { status: 404 });
  return exportMembersCsv('team', id);
}
