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
import { permissionDef } from '@/lib/access/catalogue';
import { TextareaField } from '@/components/ui/textarea-field';
import type { GroupDeletionPreview, GroupSummary } from '@/lib/types/organization';
import { createGroupAction, deleteGroupAction, previewGroupDeletionAction, updateGroupAction } from '../../actions';
import { StructureCell, StructureEmpty, StructureList, StructureRow } from '../../_components/structure-list';

type RoleChoice = { id: string; name: string; assignable: boolean };

/** New group, or edit one: name, shared inbox, description and the roles its members hold. */
function GroupDialog({ roles, editing, trigger }: { roles: RoleChoice[]; editing?: GroupSummary; trigger: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', email: '', description: '' });
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const { errors, setErrors, pending, save: run } = useDialogSave(() => setOpen(false));

  function save() {
    const input = { ...form, roleIds };
    run(() => (editing ? updateGroupAction({ ...input, id: editing.id }) : createGroupAction(input)), editing ? `Saved “${form.name.trim()}”.` : `Created the group “${form.name.trim()}”.`);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) {
          setForm({ name: editing?.name ?? '', email: editing?.email ?? '', description: editing?.description ?? '' });
          setRoleIds(editing?.roles.map((role) => role.id) ?? []);
          setErrors({});
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent title={editing ? `Edit “${editing.name}”` : 'New group'} description="A group brings people together around a goal — often a shared inbox or customer support — and its members hold the roles it carries.">
        <DialogForm onSubmit={save} pending={pending} submitLabel={editing ? 'Save' : 'Create group'} className="min-w-0">
          <Field name="name" label="Name" required maxLength={100} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} error={errors.name} autoFocus />
          <Field name="email" type="email" label="Shared inbox (optional)" maxLength={254} placeholder="support@example.com" value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} error={errors.email} />
          <fieldset className="grid min-w-0 gap-1.5">
            <legend className="mb-1.5 text-sm font-medium">Roles its members hold</legend>
            {roles.length === 0 ? (
              <p className="text-sm text-muted-foreground">Only people who manage users can give a group roles.</p>
            ) : (
              <div className="grid max-h-48 min-w-0 gap-0.5 overflow-y-auto rounded-md border border-border p-2" data-testid="group-role-choices">
                {roles.map((role) => (
                  <label key={role.id} className="flex min-w-0 items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-muted" title={role.assignable ? undefined : 'Beyond your own permissions'}>
                    <input
                      type="checkbox"
                      className="size-4 shrink-0 accent-primary"
                      disabled={!role.assignable && !roleIds.includes(role.id)}
                      checked={roleIds.includes(role.id)}
                      onChange={(event) => setRoleIds(event.target.checked ? [...roleIds, role.id] : roleIds.filter((id) => id !== role.id))}
                    />
                    <span className="truncate">{role.name}</span>
                    {!role.assignable ? <span className="shrink-0 text-xs text-muted-foreground">(beyond your permissions)</span> : null}
                  </label>
                ))}
              </div>
            )}
            {errors.roleIds ? <p className="text-sm text-destructive">{errors.roleIds}</p> : null}
          </fieldset>
          <TextareaField id="group-description" label="Description (optional)" className="min-h-16" maxLength={2000} value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} error={errors.description} />
        </DialogForm>
      </DialogContent>
    </Dialog>
  );
}

/** What deleting a group takes away, in words: nobody, or who loses what. */
function deletionSummary(preview: GroupDeletionPreview): string {
  if (preview.memberCount === 0) return 'It has no members. Nothing else changes.';
  if (preview.losingCount === 0) return `Its ${preview.memberCount.toLocaleString('en')} member${preview.memberCount === 1 ? '' : 's'} keep all their access (they hold it otherwise).`;
  const labelOf = (name: string) => permissionDef(name)?.label ?? name;
  const named = preview.members.slice(0, 5).map((member) => `${member.name} (${member.loses.map(labelOf).join(', ')})`);
  const more = preview.losingCount - named.length;
  const who = preview.memberCount === 1 ? 'Its only member loses' : `${preview.losingCount.toLocaleString('en')} of its ${preview.memberCount.toLocaleString('en')} members lose`;
  return `${who} access they hold only through it: ${named.join('; ')}${more > 0 ? `; and ${more.toLocaleString('en')} more` : ''}.`;
}

/** The account's groups with search, the roles each carries, member counts, New / Edit / Delete (showing who loses what first). */
export function GroupsList({ groups, roles }: { groups: GroupSummary[]; roles: RoleChoice[] }) {
  const router = useRouter();
  const [term, setTerm] = useState('');
  const [deleting, setDeleting] = useState<{ group: GroupSummary; preview: GroupDeletionPreview } | null>(null);
  const [pending, startTransition] = useTransition();
  const needle = term.trim().toLocaleLowerCase();
  const shown = needle ? groups.filter((group) => group.name.toLocaleLowerCase().includes(needle)) : groups;
  const newButton = (
    <Button>
      <Plus aria-hidden /> New group
    </Button>
  );

  function askToDelete(group: GroupSummary) {
    startTransition(async () => {
      const result = await previewGroupDeletionAction({ id: group.id });
      if (!result.ok) return void toast.error(result.message);
      setDeleting({ group, preview: result.data });
    });
  }

  function remove(group: GroupSummary) {
    startTransition(async () => {
      const result = await deleteGroupAction({ id: group.id });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`Deleted the group “${group.name}”.`);
      router.refresh();
    });
  }

  if (groups.length === 0) {
    return (
      <StructureEmpty kind="group" icon={UsersRound} title="No groups yet" action={<GroupDialog roles={roles} trigger={newButton} />}>
        Groups bring people together around a common goal — a shared inbox, customer support. A group carries roles: adding someone to it gives them those roles, removing them takes the roles away.
      </StructureEmpty>
    );
  }
  return (
    <div className="grid gap-3">
      <StructureList kind="group" term={term} onTerm={setTerm} action={<GroupDialog roles={roles} trigger={newButton} />} matches={shown.length} columns={[{ label: 'Roles its members hold', className: 'w-64' }]}>
        {shown.map((group) => (
          <StructureRow
            key={group.id}
            kind="group"
            id={group.id}
            name={group.name}
            note={group.email}
            members={group.members}
            editDialog={(trigger) => <GroupDialog roles={roles} editing={group} trigger={trigger} />}
            onDelete={() => askToDelete(group)}
            deleting={pending}
          >
            <StructureCell label="Roles">
              {group.roles.length ? <span className="truncate">{group.roles.map((role) => role.name).join(', ')}</span> : <span className="text-muted-foreground">None</span>}
            </StructureCell>
          </StructureRow>
        ))}
      </StructureList>
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setDeleting(null)}
          title={`Delete “${deleting.group.name}”?`}
          description={deletionSummary(deleting.preview)}
          confirmLabel="Delete"
          onConfirm={() => remove(deleting.group)}
        />
      ) : null}
    </div>
  );
}
