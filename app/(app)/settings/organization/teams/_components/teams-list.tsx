'use client';

import { Pencil, Plus, Trash2, UsersRound } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { CardLabel } from '@/components/ui/card-label';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { SearchInput } from '@/components/ui/search-input';
import { TextareaField } from '@/components/ui/textarea-field';
import type { TeamSummary } from '@/lib/types/organization';
import { createTeamAction, deleteTeamAction, updateTeamAction } from '../../actions';

/** New team, or rename one and change its description (`editing`); its responsible person is kept. */
function TeamDialog({ editing, trigger }: { editing?: TeamSummary; trigger: ReactNode }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function save() {
    setErrors({});
    startTransition(async () => {
      const input = { name, description, responsibleMembershipId: editing?.responsible?.membershipId ?? null };
      const result = editing ? await updateTeamAction({ ...input, id: editing.id }) : await createTeamAction(input);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error(result.message);
      }
      toast.success(editing ? `Saved “${name.trim()}”.` : `Created the team “${name.trim()}”.`);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) {
          setName(editing?.name ?? '');
          setDescription(editing?.description ?? '');
          setErrors({});
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent title={editing ? `Edit “${editing.name}”` : 'New team'} description="A team is a group of people who work together; each person can have one primary team.">
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <Field name="name" label="Name" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} error={errors.name} autoFocus />
          <TextareaField id="team-description" label="Description (optional)" maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} error={errors.description} />
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? 'Saving…' : editing ? 'Save' : 'Create team'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The account's teams with search, their responsible person and member counts, and New / Edit / Delete. */
export function TeamsList({ teams }: { teams: TeamSummary[] }) {
  const router = useRouter();
  const [term, setTerm] = useState('');
  const [deleting, setDeleting] = useState<TeamSummary | null>(null);
  const [, startTransition] = useTransition();
  const needle = term.trim().toLocaleLowerCase();
  const shown = needle ? teams.filter((team) => team.name.toLocaleLowerCase().includes(needle)) : teams;
  const newButton = (
    <Button>
      <Plus aria-hidden /> New team
    </Button>
  );

  function remove(team: TeamSummary) {
    startTransition(async () => {
      const result = await deleteTeamAction({ id: team.id });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`Deleted the team “${team.name}”.`);
      router.refresh();
    });
  }

  if (teams.length === 0) {
    return (
      <div className="grid place-items-center gap-3 rounded-xl border border-dashed border-border p-10 text-center" data-testid="teams-empty">
        <UsersRound className="size-8 text-muted-foreground" aria-hidden />
        <p className="font-medium">No teams yet</p>
        <p className="max-w-md text-sm text-muted-foreground">
          Teams are how work is organized: the people who work together, later their projects and tasks. Each team can have a responsible person, and each person one primary team.
        </p>
        <TeamDialog trigger={newButton} />
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput wrapperClassName="min-w-56 flex-1" placeholder="Search teams" aria-label="Search teams" maxLength={100} value={term} onChange={(event) => setTerm(event.target.value)} />
        <TeamDialog trigger={newButton} />
      </div>
      {shown.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border p-6 text-center text-muted-foreground">No team matches “{term.trim()}”.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border">
          <table className="w-full text-left text-sm max-md:block md:table-fixed" data-testid="teams-table">
            <thead className="border-b border-border bg-muted/40 text-xs uppercase text-muted-foreground max-md:hidden">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Team</th>
                <th scope="col" className="w-56 px-3 py-3 font-medium">Responsible</th>
                <th scope="col" className="w-24 px-3 py-3 text-right font-medium">Members</th>
                <th scope="col" className="w-28 px-3 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border max-md:block">
              {shown.map((team) => (
                <tr key={team.id} className="hover:bg-muted/40 max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1 max-md:px-3 max-md:py-3" data-testid="team-row">
                  <td className="px-4 py-2.5 max-md:block max-md:p-0">
                    <Link href={`/settings/organization/teams/${team.id}`} className="block truncate font-medium text-primary hover:underline" title={team.name}>
                      {team.name}
                    </Link>
                    {team.description ? <span className="block truncate text-xs text-muted-foreground">{team.description}</span> : null}
                  </td>
                  <td className="px-3 py-2.5 max-md:col-start-1 max-md:block max-md:p-0">
                    <CardLabel>Responsible</CardLabel>
                    {team.responsible ? <span className="truncate">{team.responsible.name}</span> : <span className="text-muted-foreground">—</span>}
                  </td>
                  <td className="px-3 py-2.5 text-right tabular-nums max-md:col-start-1 max-md:block max-md:p-0 max-md:text-left">
                    <CardLabel>Members</CardLabel>
                    {team.members.toLocaleString('en')}
                  </td>
                  <td className="px-3 py-2.5 text-right max-md:col-start-2 max-md:row-span-3 max-md:row-start-1 max-md:block max-md:p-0">
                    <span className="inline-flex gap-1">
                      <TeamDialog
                        editing={team}
                        trigger={
                          <Button size="icon" variant="ghost" className="size-8" aria-label={`Edit ${team.name}`}>
                            <Pencil aria-hidden />
                          </Button>
                        }
                      />
                      <Button size="icon" variant="ghost" className="size-8 text-destructive" aria-label={`Delete ${team.name}`} onClick={() => setDeleting(team)}>
                        <Trash2 aria-hidden />
                      </Button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setDeleting(null)}
          title={`Delete “${deleting.name}”?`}
          description={
            deleting.members > 0
              ? `Its ${deleting.members.toLocaleString('en')} member${deleting.members === 1 ? ' leaves' : 's leave'} the team (and lose it as their primary team); nothing else about them changes.`
              : 'It has no members. Nothing else changes.'
          }
          confirmLabel="Delete"
          onConfirm={() => remove(deleting)}
        />
      ) : null}
    </div>
  );
}
