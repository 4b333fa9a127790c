'use client';

import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { RoleSelect, type RoleOption } from '@/components/members/role-select';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import type { RoleUsage } from '@/lib/types/roles';
import { deleteRoleAction } from '../actions';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes a custom role. When members hold it, open invitations offer it or roles are based on it, the
 * dialog says who, and lets the editor move the members and invitations to another role (only roles they
 * may assign) and base the dependent roles on another role, in the same step: the server does it all in
 * one transaction, or nothing.
 */
export function DeleteRoleDialog({
  usage,
  memberTargets,
  baseTargets,
  disabled,
}: {
  usage: RoleUsage;
  /** Roles the members can move to (those beyond the editor disabled). */
  memberTargets: RoleOption[];
  /** Roles the dependent roles can be based on (never the role itself or a role based on it). */
  baseTargets: RoleOption[];
  disabled?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [membersTo, setMembersTo] = useState('');
  const [dependentsTo, setDependentsTo] = useState(usage.baseRoleId ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const hasMembers = usage.memberCount > 0 || usage.invitationCount > 0;
  const hasDependents = usage.dependents.length > 0;
  const inUse = hasMembers || hasDependents;
  const others = usage.memberCount - usage.members.length;

  function remove() {
    setErrors({});
    startTransition(async () => {
      const result = await deleteRoleAction({
        roleId: usage.roleId,
        ...(hasMembers ? { membersTo } : {}),
        ...(hasDependents ? { dependentsTo } : {}),
      });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error(result.message);
      }
      const moved = [
        result.data.membersMoved > 0 ? `${plural(result.data.membersMoved, 'member', 'members')} moved` : null,
        result.data.invitationsMoved > 0 ? `${plural(result.data.invitationsMoved, 'invitation', 'invitations')} moved` : null,
        result.data.dependentsRebased > 0 ? `${plural(result.data.dependentsRebased, 'role', 'roles')} re-based` : null,
      ].filter(Boolean);
      toast.success(`Deleted “${usage.name}”${moved.length ? ` (${moved.join(', ')})` : ''}.`);
      setOpen(false);
      router.push('/settings/roles');
      router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" disabled={disabled}>
          <Trash2 aria-hidden /> Delete role
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete “${usage.name}”?`}
        description={inUse ? 'It is still in use. Say where its members and the roles based on it go; everything happens in one step.' : 'Nobody holds it and no role is based on it. This cannot be undone.'}
      >
        <form
          className="grid gap-5"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            // The dialog is portaled out of the role editor's form, but React still bubbles its submit there.
            event.stopPropagation();
            remove();
          }}
        >
          {hasMembers ? (
            <section className="grid gap-2" data-testid="delete-members">
              {usage.memberCount > 0 ? (
                <p className="text-sm">
                  <strong>{plural(usage.memberCount, 'member holds', 'members hold')} it:</strong> {usage.members.map((member) => member.name).join(', ')}
                  {others > 0 ? ` and ${others} more` : ''}.
                </p>
              ) : null}
              {usage.invitationCount > 0 ? (
                <p className="text-sm">
                  <strong>{plural(usage.invitationCount, 'open invitation offers', 'open invitations offer')} it.</strong> They will offer the new role instead.
                </p>
              ) : null}
              <div className="grid gap-1.5">
                <Label htmlFor="delete-members-to">{usage.memberCount > 0 ? 'Move its members to' : 'Move its invitations to'}</Label>
                <RoleSelect
                  id="delete-members-to"
                  className="h-10"
                  roles={memberTargets}
                  placeholder="Pick a role…"
                  value={membersTo}
                  onChange={(event) => setMembersTo(event.target.value)}
                  aria-invalid={errors.membersTo ? true : undefined}
                />
                <p className="text-xs text-muted-foreground">They keep any other roles they hold. Accepted and revoked invitations keep their history.</p>
                {errors.membersTo ? <p className="text-sm text-destructive">{errors.membersTo}</p> : null}
              </div>
            </section>
          ) : null}
          {hasDependents ? (
            <section className="grid gap-2" data-testid="delete-dependents">
              <p className="text-sm">
                <strong>{usage.dependents.length === 1 ? 'A role is' : `${usage.dependents.length} roles are`} based on it:</strong>{' '}
                {usage.dependents.map((dependent) => dependent.name).join(', ')}.
              </p>
              <div className="grid gap-1.5">
                <Label htmlFor="delete-dependents-to">Base {usage.dependents.length === 1 ? 'it' : 'them'} on</Label>
                <RoleSelect
                  id="delete-dependents-to"
                  className="h-10"
                  roles={baseTargets}
                  placeholder="Pick a role…"
                  value={dependentsTo}
                  onChange={(event) => setDependentsTo(event.target.value)}
                  aria-invalid={errors.dependentsTo ? true : undefined}
                />
                <p className="text-xs text-muted-foreground">They keep their own permissions and lose only what “{usage.name}” added.</p>
                {errors.dependentsTo ? <p className="text-sm text-destructive">{errors.dependentsTo}</p> : null}
              </div>
            </section>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" disabled={pending || (hasMembers && !membersTo) || (hasDependents && !dependentsTo)}>
              {pending ? 'Deleting…' : inUse ? 'Move and delete' : 'Delete'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
