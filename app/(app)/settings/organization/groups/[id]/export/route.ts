import { z } from 'zod';
import { exportMembersCsv } from '../../../_components/export-members';

export async function GET(_request: Request, { params }: RouteContext<'/settings/organization/groups/[id]/export'>) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: 'not_found', message: 'That group does not exist.' }, { status: 404 });
  return exportMembersCsv('group', id);
}
