import type { Metadata } from 'next';
import { hasPermission } from '@/lib/access/catalogue';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listGroups } from '@/lib/dal/organization/groups';
import { listRoleOptions } from '@/lib/dal/roles/list-role-options';
import { OrganizationTabs } from '../_components/organization-tabs';
import { GroupsList } from './_components/groups-list';

export const metadata: Metadata = { title: 'Groups' };

export default async function GroupsPage() {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const [groups, roles] = await Promise.all([
    listGroups(guard.actor),
    // Roles to carry: those within the actor's own access (the data layer checks again); never the Owner role.
    hasPermission(guard.access, 'users.manage') ? listRoleOptions(guard.actor) : Promise.resolve([]),
  ]);
  return (
    <div className="grid max-w-5xl gap-5">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Organization</h1>
        <p className="text-muted-foreground">How {guard.session.membership.accountName} is structured: departments, teams, and the groups that give their members roles.</p>
      </header>
      <OrganizationTabs current="groups" />
      <GroupsList groups={groups} roles={roles.filter((role) => role.builtinKey !== 'owner').map(({ id, name, assignable }) => ({ id, name, assignable }))} />
    </div>
  );
}
