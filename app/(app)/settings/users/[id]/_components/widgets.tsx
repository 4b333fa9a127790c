'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { toast } from 'sonner';
import { PasswordStrength } from '@/components/auth/password-strength';
import { OverridesEditor, type OverridesValue } from '@/components/members/overrides-editor';
import { SessionsTable } from '@/components/members/sessions-table';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/types';
import { deleteMemberAction, revokeMemberSessionAction, setMemberOverridesAction, setMemberPasswordAction } from '../../actions';

/** Runs an action, toasts its outcome and refreshes the page's data. */
function useSave() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const save = <T,>(run: () => Promise<ActionResult<T>>, success: string, after?: (data: T) => void) =>
    startTransition(async () => {
      const result = await run();
      if (!result.ok) return void toast.error(result.message);
      toast.success(success);
      after?.(result.data);
      router.refresh();
    });
  return { pending, save };
}

export function PasswordWidget({ membershipId, name, context }: { membershipId: string; name: string; context: string[] }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="grid gap-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setMemberPasswordAction({ membershipId, password, confirmPassword: confirm });
          if (!result.ok) {
            setErrors(result.fieldErrors ?? {});
            return void toast.error(result.message);
          }
          setErrors({});
          setPassword('');
          setConfirm('');
          toast.success(`${name}’s password is changed; ${result.data.sessionsEnded} session(s) ended.`);
        });
      }}
    >
      <Field name="password" label="New password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} error={errors.password}>
        <PasswordStrength password={password} context={context} />
      </Field>
      <Field name="confirmPassword" label="Repeat the new password" type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} error={errors.confirmPassword} />
      <Button type="submit" className="w-fit" disabled={pending || !password}>
        Set password
      </Button>
    </form>
  );
}

export function AccessWidget({ membershipId, name, initial, roleGranted, held, notes, locked }: { membershipId: string; name: string; initial: OverridesValue; roleGranted: string[]; held: string[]; notes: Record<string, string>; locked?: string }) {
  const [value, setValue] = useState(initial);
  const { pending, save } = useSave();
  return (
    <div className="grid gap-4">
      {locked ? <p className="text-sm text-muted-foreground">{locked}</p> : null}
      <OverridesEditor value={value} onChange={setValue} roleGranted={new Set(roleGranted)} held={new Set(held)} notes={notes} disabled={Boolean(locked) || pending} />
      <Button className="w-fit" disabled={pending || Boolean(locked)} onClick={() => save(() => setMemberOverridesAction({ membershipId, ...value }), `${name}’s permissions are saved.`)}>
        Save permissions
      </Button>
    </div>
  );
}

export function SessionsWidget({ membershipId, sessions, describe }: { membershipId: string; sessions: { idHash: string; createdAt: string; lastSeenAt: string; ip: string | null; device: string }[]; describe?: ReactNode }) {
  const { pending, save } = useSave();
  if (sessions.length === 0) return <p className="text-sm text-muted-foreground">No active sessions in this account.</p>;
  return (
    <div className="grid gap-2">
      {describe}
      <SessionsTable
        sessions={sessions}
        testId="member-sessions"
        action={(session) => (
          <Button size="sm" variant="outline" disabled={pending} onClick={() => save(() => revokeMemberSessionAction({ membershipId, sessionIdHash: session.idHash }), 'Session ended.')}>
            Revoke
          </Button>
        )}
      />
    </div>
  );
}

export function DeleteMember({ membershipId, name, deactivated, locked }: { membershipId: string; name: string; deactivated: boolean; locked?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div className="grid gap-2">
      <p className="text-sm text-muted-foreground">
        {deactivated ? `${name}’s login is disabled. Deleting removes them from this account; the activity history keeps their name.` : `Disable ${name}’s login first (the switch above); then you can delete them.`}
      </p>
      <ConfirmDialog
        trigger={
          <Button variant="destructive" className="w-fit" disabled={!deactivated || pending || Boolean(locked)}>
            Delete user
          </Button>
        }
        title={`Delete ${name}?`}
        description="They are removed from this account. This cannot be undone."
        confirmLabel="Delete"
        onConfirm={() =>
          startTransition(async () => {
            const result = await deleteMemberAction({ membershipId });
            if (!result.ok) return void toast.error(result.message);
            toast.success(`${name} was deleted.`);
            router.push('/settings/users');
          })
        }
      />
    </div>
  );
}
