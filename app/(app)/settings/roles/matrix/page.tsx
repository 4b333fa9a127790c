import { Download } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { requirePagePermission } from '@/lib/access/page-permission';
import { getRoleMatrix } from '@/lib/dal/roles/get-role-matrix';
import { PermissionMatrix } from './_components/permission-matrix';

export const metadata: Metadata = { title: 'Permission matrix' };

export default async function RoleMatrixPage() {
  const guard = await requirePagePermission('/settings/roles');
  if (!guard.allowed) return guard.forbidden;
  const { actor } = guard;
  const matrix = await getRoleMatrix(actor);
  return (
    <div className="grid min-w-0 gap-4">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="grid gap-1">
          <Link href="/settings/roles" className="text-sm text-muted-foreground hover:underline">
            ← Roles
          </Link>
          <h1 className="text-2xl font-semibold">Permission matrix</h1>
          <p className="max-w-3xl text-muted-foreground">
            Every role against every permission. Click a cell (or press Space on it) to grant or remove it: the change is saved at once, and the
            roles based on that role follow.
          </p>
        </div>
        <Button asChild variant="outline">
          <a href="/settings/roles/matrix/export" download>
            <Download aria-hidden /> Export CSV
          </a>
        </Button>
      </header>
      <PermissionMatrix initial={matrix} />
    </div>
  );
}
