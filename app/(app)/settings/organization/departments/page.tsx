import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listDepartments } from '@/lib/dal/organization/departments';
import { OrganizationTabs } from '../_components/organization-tabs';
import { DepartmentsTree } from './_components/departments-tree';

export const metadata: Metadata = { title: 'Departments' };

export default async function DepartmentsPage() {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const departments = await listDepartments(guard.actor);
  return (
    <div className="grid max-w-5xl gap-5">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Organization</h1>
        <p className="text-muted-foreground">How {guard.session.membership.accountName} is structured: departments, and the teams people work in.</p>
      </header>
      <OrganizationTabs current="departments" />
      <DepartmentsTree departments={departments} />
    </div>
  );
}
