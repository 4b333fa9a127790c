import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePagePermission } from '@/lib/access/page-permission';
import { loadRoleEditorData } from '../_components/load';
import { RoleEditor } from '../_components/role-editor';

export const metadata: Metadata = { title: 'New role' };

export default async function NewRolePage() {
  const guard = await requirePagePermission('/settings/roles');
  if (!guard.allowed) return guard.forbidden;
  const { roles, held } = await loadRoleEditorData(guard.actor, guard.access);
  return (
    <div className="grid max-w-4xl gap-6">
      <header className="grid gap-1">
        <Link href="/settings/roles" className="text-sm text-muted-foreground hover:underline">
          ← Roles
        </Link>
        <h1 className="text-2xl font-semibold">New role</h1>
      </header>
      <RoleEditor roles={roles} held={held} />
    </div>
  );
}
