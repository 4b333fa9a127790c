'use client';

import { Plus, UsersRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { DialogForm, useDialogSave } from '@/components/ui/dialog-form';
import { Field } from '@/components/ui/field';
import { TextareaField } from '@/components/ui/textarea-field';
import type { TeamSummary } from '@/lib/types/organization';
import { createTeamAction, deleteTeamAction, updateTeamAction } from '../../actions';
import { StructureCell, StructureEmpty, StructureList, StructureRow } from '../../_components/structure-list';

/** New team, or rename one and change its description (`editing`); its responsible person is kept. */
function TeamDialog({ editing, trigger }: { editing?: TeamSummary; trigger: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { errors, setErrors, pending, save: run } = useDialogSave(() => setOpen(false));

  function save() {
    const input = { name, description, responsibleMembershipId: editing?.responsible?.membershipId ?? null };
    run(() => (editing ? updateTeamAction({ ...input, id: editing.id }) : createTeamAction(input)), editing ? `Saved “${name.trim()}”.` : `Created the team “${name.trim()}”.`);
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
        <DialogForm onSubmit={save} pending={pending} submitLabel={editing ? 'Save' : 'Create team'}>
          <Field name="name" label="Name" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} error={errors.name} autoFocus />
          <TextareaField id="team-description" label="Description (optional)" maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} error={errors.description} />
        </DialogForm>
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
      <StructureEmpty kind="team" icon={UsersRound} title="No teams yet" action={<TeamDialog trigger={newButton} />}>
        Teams are how work is organized: the people who work together, later their projects and tasks. Each team can have a responsible person, and each person one primary team.
      </StructureEmpty>
    );
  }
  return (
    <div className="grid gap-3">
      <StructureList kind="team" term={term} onTerm={setTerm} action={<TeamDialog trigger={newButton} />} matches={shown.length} columns={[{ label: 'Responsible', className: 'w-56' }]}>
        {shown.map((team) => (
          <StructureRow
            key={team.id}
            kind="team"
            id={team.id}
            name={team.name}
            note={team.description || null}
            members={team.members}
            editDialog={(trigger) => <TeamDialog editing={team} trigger={trigger} />}
            onDelete={() => setDeleting(team)}
          >
            <StructureCell label="Responsible">{team.responsible ? <span className="truncate">{team.responsible.name}</span> : <span className="text-muted-foreground">—</span>}</StructureCell>
          </StructureRow>
        ))}
      </StructureList>
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
