import type { Metadata } from 'next';
import { PeopleTabs } from '@/components/members/people-tabs';
import { requirePagePermission } from '@/lib/access/page-permission';
import { now } from '@/lib/clock';
import { hasPermission } from '@/lib/access/catalogue';
import { listLicencePools } from '@/lib/dal/licences/pools';
import { listMembers } from '@/lib/dal/members/list-members';
import { listStructureOptions } from '@/lib/dal/organization/structure-options';
import { listRoleOptions } from '@/lib/dal/roles/list-role-options';
import { parseMemberQuery } from '@/lib/validation/members';
import { Pagination } from './_components/pagination';
import { UsersTable } from './_components/users-table';
import { UsersToolbar } from './_components/users-toolbar';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: PageProps<'/settings/users'>) {
  const guard = await requirePagePermission('/settings/users');
  if (!guard.allowed) return guard.forbidden;
  const { actor, session } = guard;
  const query = parseMemberQuery(await searchParams);
  const [page, roles, structures, licences] = await Promise.all([listMembers(actor, query), listRoleOptions(actor), listStructureOptions(actor), listLicencePools(actor)]);
  const managesLicences = hasPermission(guard.access, 'licences.manage');
  const ownerRoleId = roles.find((role) => role.builtinKey === 'owner')?.id;
  const actorIsOwner = ownerRoleId ? session.membership.roleIds.includes(ownerRoleId) : false;
  const filtered = Boolean(query.q || query.role || query.status || query.login || query.department || query.team || query.group || query.licence);
  return (
    <div className="grid max-w-7xl gap-5">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-muted-foreground">Everyone with access to {session.membership.accountName}, their roles and whether they can sign in.</p>
      </header>
      <PeopleTabs current="users" />
      <UsersToolbar roles={roles.map(({ id, name }) => ({ id, name }))} structures={structures} licences={licences.map(({ id, name }) => ({ id, name }))} />
      <UsersTable rows={page.rows.map(({ userId: _userId, roles: memberRoles, ...row }) => ({ ...row, roles: memberRoles.map(({ name, builtinKey }) => ({ name, builtinKey })) }))} actorIsOwner={actorIsOwner}
        filtered={filtered}
        now={now().getTime()}
        licences={managesLicences ? licences.map(({ id, name, seats, used, notices }) => ({ id, name, left: seats - used, ended: notices.includes('ended') })) : []}
      />
      <Pagination
        total={page.total}
        totalIsExact={page.totalIsExact}
        offset={page.offset}
        fromEnd={page.fromEnd}
        pageSize={page.pageSize}
        links={page.links}
        shown={page.rows.length}
      />
    </div>
  );
}
