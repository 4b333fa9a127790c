import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listStructureMembers } from '@/lib/dal/organization/structure-members';
import { listTeams } from '@/lib/dal/organization/teams';
import { StructureMembers } from '../../_components/structure-members';

export const metadata: Metadata = { title: 'Team' };

const querySchema = z.object({ q: z.string().max(100).catch(''), offset: z.coerce.number().int().min(0).max(10_000_000).catch(0) });

export default async function TeamPage({ params, searchParams }: PageProps<'/settings/organization/teams/[id]'>) {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const team = (await listTeams(guard.actor)).find((candidate) => candidate.id === id);
  if (!team) notFound();
  const { q, offset } = querySchema.parse(await searchParams);
  const page = await listStructureMembers(guard.actor, 'team', id, { q, offset });
  return (
    <div className="grid max-w-5xl gap-5">
      <Link href="/settings/organization/teams" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ChevronLeft className="size-4" aria-hidden /> Teams
      </Link>
      <header className="grid gap-1">
        <h1 className="break-words text-2xl font-semibold">{team.name}</h1>
        {team.description ? <p className="whitespace-pre-line text-muted-foreground">{team.description}</p> : null}
        <p className="text-sm text-muted-foreground" data-testid="team-responsible">
          {team.responsible ? `${team.responsible.name} is responsible for this team.` : 'No one is responsible for this team yet: pick one of its members below.'}
        </p>
      </header>
      <StructureMembers kind="team" id={id} name={team.name} page={page} responsibleId={team.responsible?.membershipId ?? null} />
    </div>
  );
}
