import { z } from 'zod';
import { listGranted } from '@/lib/access/resolver';
import { listRoleOptions } from '@/lib/dal/roles/list-role-options';
import { memberRead } from '@/lib/http/route';

export type RoleOptions = { roles: Awaited<ReturnType<typeof listRoleOptions>>; held: string[] };

/** The roles the actor may hand out (nothing beyond their own access) and what they hold, for the Add user, invite and bulk dialogs. */
export const GET = memberRead(z.object({}), async (_input, { actor, access }): Promise<RoleOptions> => ({
  roles: await listRoleOptions(actor),
  held: listGranted(access).permissions,
}));
