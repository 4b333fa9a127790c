import 'server-only';
import { listGranted } from '@/lib/access/resolver';
import { requireMemberAccess } from '@/lib/auth/current';
import { listRoles } from '@/lib/dal/roles';

/** What the role editor needs: the account's roles, and what the editor holds (the most they may grant). */
export async function loadRoleEditorData() {
  const { actor, access } = await requireMemberAccess();
  const roles = await listRoles(actor);
  const held = listGranted(access);
  return { roles, held: { permissions: held.permissions, privileges: held.privileges, allPrivileges: access.allPrivileges === true } };
}
