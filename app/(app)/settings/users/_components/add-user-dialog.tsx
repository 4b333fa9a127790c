'use client';

import { UserPlus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { OverridesEditor, type OverridesValue } from '@/components/members/overrides-editor';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Label } from '@/components/ui/label';
import { PlacementFields } from '@/components/members/placement-fields';
import { RoleSelect } from '@/components/members/role-select';
import { addMemberAction } from '../actions';
import { fetchRoleOptions, type RoleOptions } from './role-options';

type Options = RoleOptions;
const EMPTY: OverridesValue = { grants: [], denies: [], hiddenModules: [] };

/** Add user: names, email and role (only roles within the admin's own access), permissions optionally adjusted. */
export function AddUserDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Options | null>(null);
  const [pending, startTransition] = useTransition();
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', roleId: '', teamId: '' });
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [overrides, setOverrides] = useState<OverridesValue>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<{ name: string; email: string; mailKeptLocally: boolean } | null>(null);

  function openDialog(next: boolean) {
    setOpen(next);
    if (!next) return;
    setDone(null);
    setErrors({});
    setDepartmentIds([]);
    setGroupIds([]);
    startTransition(async () => {
      const result = await fetchRoleOptions();
      if (!result.ok) return void toast.error(result.message);
      setOptions(result.data);
      const fallback = result.data.roles.find((role) => role.builtinKey === 'user' && role.assignable) ?? result.data.roles.find((role) => role.assignable);
      setForm((current) => ({ ...current, roleId: current.roleId || fallback?.id || '' }));
    });
  }

  function submit() {
    setErrors({});
    startTransition(async () => {
      const result = await addMemberAction({ ...form, ...overrides, departmentIds, groupIds });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error(result.message);
      }
      const name = `${form.firstName} ${form.lastName}`.trim();
      toast.success(`A link is on its way to ${result.data.email}.`);
      setDone({ name, email: result.data.email, mailKeptLocally: result.data.mailKeptLocally });
      setForm({ firstName: '', lastName: '', email: '', roleId: form.roleId, teamId: '' });
      setOverrides(EMPTY);
      router.refresh();
    });
  }

  const role = options?.roles.find((candidate) => candidate.id === form.roleId);
  return (
    <Dialog open={open} onOpenChange={openDialog}>
      <DialogTrigger asChild>
        <Button size="sm" className="h-9">
          <UserPlus aria-hidden /> Add user
        </Button>
      </DialogTrigger>
      <DialogContent title="Add user" description="They get an email with a link to join this account.">
        {done ? (
          <div className="grid gap-3">
            <Alert variant="success">
              We’ve emailed {done.name} ({done.email}) a link to join.
            </Alert>
            <p className="text-sm text-muted-foreground">
              Someone new sets their password with it (the link works once, for 7 days); someone who already has a Rolecall login accepts with that login. New people are listed under Users at once;
              people who already had a login appear once they accept (see Invites).
            </p>
            {done.mailKeptLocally ? (
              <p className="text-sm">
                Email delivery is not set up: the message is kept in the{' '}
                <Link className="underline" href="/dev/mail">
                  Local mailbox
                </Link>{' '}
                that Owners can read.
              </p>
            ) : null}
            <div className="flex gap-2">
              <Button onClick={() => setDone(null)}>Add another</Button>
              <Button variant="outline" onClick={() => setOpen(false)}>
                Done
              </Button>
            </div>
          </div>
        ) : (
          <form
            className="grid gap-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <div className="grid gap-4 sm:grid-cols-2">
              <Field name="firstName" label="First name" required maxLength={100} value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.target.value })} error={errors.firstName} />
              <Field name="lastName" label="Last name" maxLength={100} value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.target.value })} error={errors.lastName} />
            </div>
            <Field name="email" label="Email" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={errors.email} />
            <div className="grid gap-1.5">
              <Label htmlFor="add-user-role">Role</Label>
              <RoleSelect id="add-user-role" className="h-10" roles={options?.roles ?? []} value={form.roleId} onChange={(e) => setForm({ ...form, roleId: e.target.value })} disabled={!options} />
              {errors.roleId ? <p className="text-sm text-destructive">{errors.roleId}</p> : null}
            </div>
            <PlacementFields
              idPrefix="add-user"
              departments={options?.departments ?? []}
              teams={options?.teams ?? []}
              departmentIds={departmentIds}
              onDepartmentIds={setDepartmentIds}
              teamId={form.teamId}
              onTeamId={(teamId) => setForm({ ...form, teamId })}
              groups={options?.groups ?? []}
              groupIds={groupIds}
              onGroupIds={setGroupIds}
              errors={errors}
            />
            <details className="rounded-md border border-border p-3">
              <summary className="cursor-pointer text-sm font-medium">Adjust permissions (optional)</summary>
              <div className="mt-3">
                <OverridesEditor value={overrides} onChange={setOverrides} roleGranted={new Set(role?.effectivePermissions ?? [])} held={new Set(options?.held ?? [])} />
              </div>
            </details>
            <div className="flex justify-end gap-2">
              <Button type="submit" disabled={pending || !options}>
                {pending ? 'Adding…' : 'Add user'}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
