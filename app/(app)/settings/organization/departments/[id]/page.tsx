import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requirePagePermission } from '@/lib/access/page-permission';
import { DalError } from '@/lib/dal/core/errors';
import { getDepartment } from '@/lib/dal/organization/departments';
import { listStructureMembers } from '@/lib/dal/organization/structure-members';
import { StructureMembers } from '../../_components/structure-members';

export const metadata: Metadata = { title: 'Department' };

const querySchema = z.object({ q: z.string().max(100).catch(''), cursor: z.string().max(4_096).nullable().catch(null).default(null) });

export default async function DepartmentPage({ params, searchParams }: PageProps<'/settings/organization/departments/[id]'>) {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { q, cursor } = querySchema.parse(await searchParams);
  const found = await Promise.all([getDepartment(guard.actor, id), listStructureMembers(guard.actor, 'department', id, { q, cursor })]).catch((error) => {
    if (error instanceof DalError && error.code === 'not_found') notFound();
    throw error;
  });
  const [department, page] = found;
  const { path, children } = department;
  return (
    <div className="grid max-w-5xl gap-5">
      <Link href="/settings/organization/departments" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ChevronLeft className="size-4" aria-hidden /> Departments
      </Link>
      <header className="grid gap-1">
        {path.length > 0 ? <p className="text-sm text-muted-foreground">{path.map((ancestor) => ancestor.name).join(' › ')}</p> : null}
        <h1 className="break-words text-2xl font-semibold">{department.name}</h1>
        {department.description ? <p className="whitespace-pre-line text-muted-foreground">{department.description}</p> : null}
      </header>
      <dl className="grid gap-3 rounded-xl border border-border p-4 text-sm sm:grid-cols-3">
        <div className="grid min-w-0 gap-0.5">
          <dt className="text-muted-foreground">Email</dt>
          <dd className="truncate">{department.email ?? '—'}</dd>
        </div>
        <div className="grid min-w-0 gap-0.5">
          <dt className="text-muted-foreground">Phone</dt>
          <dd className="truncate">{department.phone ?? '—'}</dd>
        </div>
        <div className="grid min-w-0 gap-0.5">
          <dt className="text-muted-foreground">Sub-departments</dt>
          <dd className="truncate">
            {children.length === 0
              ? 'None'
              : children.map((child, index) => (
                  <span key={child.id}>
                    {index > 0 ? ', ' : null}
                    <Link href={`/settings/organization/departments/${child.id}`} className="text-primary hover:underline">
                      {child.name}
                    </Link>
                  </span>
                ))}
          </dd>
        </div>
      </dl>
      <StructureMembers kind="department" id={id} name={department.name} page={page} />
    </div>
  );
}
