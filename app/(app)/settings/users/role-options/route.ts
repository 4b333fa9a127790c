import { z } from 'zod';
import { listGranted } from '@/lib/access/resolver';
import { listDepartments } from '@/lib/dal/organization/departments';
import { listGroups } from '@/lib/dal/organization/groups';
import { listTeams } from '@/lib/dal/organization/teams';
import { listRoleOptions } from '@/lib/dal/roles/list-role-options';
import { memberRead } from '@/lib/http/route';

export type RoleOptions = {
  roles: Awaited<ReturnType<typeof listRoleOptions>>;
  held: string[];
  /** The account's departments in tree order (Add user offers them only when there are some), and its teams. */
  departments: { id: string; name: string; depth: number }[];
  teams: { id: string; name: string }[];
  /** The account's groups with the roles each gives (a group beyond the actor's access is refused on send). */
  groups: { id: string; name: string; roles: string[] }[];
};

/** The roles the actor may hand out (nothing beyond their own access) and what they hold, with the departments and teams, for the Add user, invite and bulk dialogs. */
export const GET = memberRead(z.object({}), async (_input, { actor, access }): Promise<RoleOptions> => {
  const [roles, departments, teams, groups] = await Promise.all([listRoleOptions(actor), listDepartments(actor), listTeams(actor), listGroups(actor)]);
  return {
    roles,
    held: listGranted(access).permissions,
    departments: departments.map(({ id, name, depth }) => ({ id, name, depth })),
    teams: teams.map(({ id, name }) => ({ id, name })),
    groups: groups.map(({ id, name, roles: carried }) => ({ id, name, roles: carried.map((role) => role.name) })),
  };
});
