import 'server-only';
import type { Actor } from '@/lib/access/checks';
import { listGranted, type EffectiveAccess } from '@/lib/access/resolver';
import { listRoles } from '@/lib/dal/roles/list-roles';

/** What the role editor needs: the account's roles, and what the editor holds (the most they may grant). */
export async function loadRoleEditorData(actor: Actor, access: EffectiveAccess) {
  const roles = await listRoles(actor);
  const held = listGranted(access);
  return { roles, held: { permissions: held.permissions, privileges: held.privileges, allPrivileges: access.allPrivileges === true } };
}
