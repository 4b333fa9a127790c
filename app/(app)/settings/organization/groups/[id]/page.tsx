import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listGroups } from '@/lib/dal/organization/groups';
import { listStructureMembers } from '@/lib/dal/organization/structure-members';
import { StructureMembers } from '../../_components/structure-members';

export const metadata: Metadata = { title: 'Group' };

const querySchema = z.object({ q: z.string().max(100).catch(''), offset: z.coerce.number().int().min(0).max(10_000_000).catch(0) });

export default async function GroupPage({ params, searchParams }: PageProps<'/settings/organization/groups/[id]'>) {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const group = (await listGroups(guard.actor)).find((candidate) => candidate.id === id);
  if (!group) notFound();
  const { q, offset } = querySchema.parse(await searchParams);
  const page = await listStructureMembers(guard.actor, 'group', id, { q, offset });
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
