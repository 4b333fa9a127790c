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
import { permissionDef } from '@/lib/access/catalogue';
import { TextareaField } from '@/components/ui/textarea-field';
import type { GroupDeletionPreview, GroupSummary } from '@/lib/types/organization';
import { createGroupAction, deleteGroupAction, previewGroupDeletionAction, updateGroupAction } from '../../actions';

type RoleChoice = { id: string; name: string; assignable: boolean };

/** New group, or edit one: name, shared inbox, description and the roles its members hold. */
function GroupDialog({ roles, editing, trigger }: { roles: RoleChoice[]; editing?: GroupSummary; trigger: ReactNode }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', email: '', description: '' });
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function save() {
    setErrors({});
    startTransition(async () => {
      const input = { ...form, roleIds };
      const result = editing ? await updateGroupAction({ ...input, id: editing.id }) : await createGroupAction(input);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error(result.message);
      }
      toast.success(editing ? `Saved “${form.name.trim()}”.` : `Created the group “${form.name.trim()}”.`);
      setOpen(false);
      router.refresh();
    });
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
        <form
          className="grid min-w-0 gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
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
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? 'Saving…' : editing ? 'Save' : 'Create group'}
            </Button>
          </div>
        </form>
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
      <div className="grid place-items-center gap-3 rounded-xl border border-dashed border-border p-10 text-center" data-testid="groups-empty">
        <UsersRound className="size-8 text-muted-foreground" aria-hidden />
        <p className="font-medium">No groups yet</p>
        <p className="max-w-md text-sm text-muted-foreground">
          Groups bring people together around a common goal — a shared inbox, customer support. A group carries roles: adding someone to it gives them those roles, removing them takes the roles away.
        </p>
        <GroupDialog roles={roles} trigger={newButton} />
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput wrapperClassName="min-w-56 flex-1" placeholder="Search groups" aria-label="Search groups" maxLength={100} value={term} onChange={(event) => setTerm(event.target.value)} />
        <GroupDialog roles={roles} trigger={newButton} />
      </div>
      {shown.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border p-6 text-center text-muted-foreground">No group matches “{term.trim()}”.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border">
          <table className="w-full text-left text-sm max-md:block md:table-fixed" data-testid="groups-table">
            <thead className="border-b border-border bg-muted/40 text-xs uppercase text-muted-foreground max-md:hidden">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Group</th>
                <th scope="col" className="w-64 px-3 py-3 font-medium">Roles its members hold</th>
                <th scope="col" className="w-24 px-3 py-3 text-right font-medium">Members</th>
                <th scope="col" className="w-28 px-3 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border max-md:block">
              {shown.map((group) => (
                <tr key={group.id} className="hover:bg-muted/40 max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1 max-md:px-3 max-md:py-3" data-testid="group-row">
                  <td className="px-4 py-2.5 max-md:block max-md:p-0">
                    <Link href={`/settings/organization/groups/${group.id}`} className="block truncate font-medium text-primary hover:underline" title={group.name}>
                      {group.name}
                    </Link>
                    {group.email ? <span className="block truncate text-xs text-muted-foreground">{group.email}</span> : null}
                  </td>
                  <td className="px-3 py-2.5 max-md:col-start-1 max-md:block max-md:p-0">
                    <CardLabel>Roles</CardLabel>
                    {group.roles.length ? <span className="truncate">{group.roles.map((role) => role.name).join(', ')}</span> : <span className="text-muted-foreground">None</span>}
                  </td>
                  <td className="px-3 py-2.5 text-right tabular-nums max-md:col-start-1 max-md:block max-md:p-0 max-md:text-left">
                    <CardLabel>Members</CardLabel>
                    {group.members.toLocaleString('en')}
                  </td>
                  <td className="px-3 py-2.5 text-right max-md:col-start-2 max-md:row-span-3 max-md:row-start-1 max-md:block max-md:p-0">
                    <span className="inline-flex gap-1">
                      <GroupDialog
                        roles={roles}
                        editing={group}
                        trigger={
                          <Button size="icon" variant="ghost" className="size-8" aria-label={`Edit ${group.name}`}>
                            <Pencil aria-hidden />
                          </Button>
                        }
                      />
                      <Button size="icon" variant="ghost" className="size-8 text-destructive" disabled={pending} aria-label={`Delete ${group.name}`} onClick={() => askToDelete(group)}>
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
          title={`Delete “${deleting.group.name}”?`}
          description={deletionSummary(deleting.preview)}
          confirmLabel="Delete"
          onConfirm={() => remove(deleting.group)}
        />
      ) : null}
    </div>
  );
}
