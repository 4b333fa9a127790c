import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requirePagePermission } from '@/lib/access/page-permission';
import { DalError } from '@/lib/dal/core/errors';
import { listStructureMembers } from '@/lib/dal/organization/structure-members';
import { getTeam } from '@/lib/dal/organization/teams';
import { StructureMembers } from '../../_components/structure-members';

export const metadata: Metadata = { title: 'Team' };

const querySchema = z.object({ q: z.string().max(100).catch(''), cursor: z.string().max(4_096).nullable().catch(null).default(null) });

export default async function TeamPage({ params, searchParams }: PageProps<'/settings/organization/teams/[id]'>) {
  const guard = await requirePagePermission('/settings/organization');
  if (!guard.allowed) return guard.forbidden;
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const { q, cursor } = querySchema.parse(await searchParams);
  const [team, page] = await Promise.all([getTeam(guard.actor, id), listStructureMembers(guard.actor, 'team', id, { q, cursor })]).catch((error) => {
    if (error instanceof DalError && error.code === 'not_found') notFound();
    throw error;
  });
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
