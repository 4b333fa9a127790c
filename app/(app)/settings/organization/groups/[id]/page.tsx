import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requirePagePermission } from '@/lib/access/page-permission';
import { DalError } from '@/lib/dal/core/errors';
import { getGroup } from '@/lib/dal/organization/groups';
import { listStructureMembers } from '@/lib/dal/organization/structure-members';
import { StructureMembers } from '../../_components/structure-members';

export const metadata: Metadata = { title: 'Group' };

const querySchema = z.object({ q: z.string().max(100).catch(''), cursor: z.string().max(4_096).nullable().catch(null).default(null) });

export default async function GroupPage({ params, searchParams }: PageProps<'/settings/organization/groups/[id]'>) {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { q, cursor } = querySchema.parse(await searchParams);
  const [group, page] = await Promise.all([getGroup(guard.actor, id), listStructureMembers(guard.actor, 'group', id, { q, cursor })]).catch((error) => {
    if (error instanceof DalError && error.code === 'not_found') notFound();
    throw error;
  });
  return (
    <div className="grid max-w-5xl gap-5">
      <Link href="/settings/organization/groups" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ChevronLeft className="size-4" aria-hidden /> Groups
      </Link>
      <header className="grid gap-1">
        <h1 className="break-words text-2xl font-semibold">{group.name}</h1>
        {group.description ? <p className="whitespace-pre-line text-muted-foreground">{group.description}</p> : null}
      </header>
      <dl className="grid gap-3 rounded-xl border border-border p-4 text-sm sm:grid-cols-2">
        <div className="grid min-w-0 gap-0.5">
          <dt className="text-muted-foreground">Shared inbox</dt>
          <dd className="truncate">{group.email ?? '—'}</dd>
        </div>
        <div className="grid min-w-0 gap-0.5">
          <dt className="text-muted-foreground">Roles its members hold</dt>
          <dd data-testid="group-roles">{group.roles.length ? group.roles.map((role) => role.name).join(', ') : 'None: membership gives no access'}</dd>
        </div>
      </dl>
      <StructureMembers kind="group" id={id} name={group.name} page={page} />
    </div>
  );
}
