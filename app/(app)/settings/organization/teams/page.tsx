import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listTeams } from '@/lib/dal/organization/teams';
import { OrganizationTabs } from '../_components/organization-tabs';
import { TeamsList } from './_components/teams-list';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsPage() {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const teams = await listTeams(guard.actor);
  return (
    <div className="grid max-w-5xl gap-5">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Organization</h1>
        <p className="text-muted-foreground">How {guard.session.membership.accountName} is structured: departments, and the teams people work in.</p>
      </header>
      <OrganizationTabs current="teams" />
      <TeamsList teams={teams} />
    </div>
  );
}
