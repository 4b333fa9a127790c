'use client';

import { useState } from 'react';
import { PasswordStrength } from '@/components/auth/password-strength';
import { SessionsTable } from '@/components/members/sessions-table';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import type { MySession } from '@/lib/types/sessions';
import { changeMyPasswordAction, revokeMyOtherSessionsAction, revokeMySessionAction } from '../actions';
import { useSection } from './use-section';

export function ChangePasswordForm({ context, email }: { context: string[]; email: string }) {
  const empty = { currentPassword: '', password: '', confirmPassword: '' };
  const [values, setValues] = useState(empty);
  const { pending, errors, run } = useSection();
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));
  return (
    <form
      className="grid max-w-md gap-4"
      noValidate
      aria-label="Change password"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => changeMyPasswordAction(values),
          ({ sessionsEnded }) => `Your password is changed.${sessionsEnded > 0 ? ` ${sessionsEnded} other ${sessionsEnded === 1 ? 'session was' : 'sessions were'} signed out.` : ''}`,
          () => setValues(empty),
        );
      }}
    >
      {/* Lets password managers file the new password under the right login. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" value={values.currentPassword} onChange={set('currentPassword')} error={errors.currentPassword} />
      <Field name="password" label="New password" type="password" autoComplete="new-password" value={values.password} onChange={set('password')} error={errors.password} hint="At least 12 characters; a few unrelated words make a strong one.">
        <PasswordStrength password={values.password} context={context} />
      </Field>
      <Field name="confirmPassword" label="Repeat the new password" type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set('confirmPassword')} error={errors.confirmPassword} />
      <p className="text-xs text-muted-foreground">Your other sessions end; you stay signed in here.</p>
      <Button type="submit" className="w-fit" disabled={pending || !values.currentPassword || !values.password}>
        Change password
      </Button>
    </form>
  );
}

export function MySessions({ sessions }: { sessions: MySession[] }) {
  const { pending, run } = useSection();
  const others = sessions.filter((session) => !session.current).length;
  return (
    <div className="grid gap-3">
      <SessionsTable
        sessions={sessions}
        testId="my-sessions"
        action={(session) =>
          session.current ? null : (
            <Button size="sm" variant="outline" disabled={pending} aria-label={`Sign out ${session.device}, last seen ${session.lastSeenAt}`} onClick={() => run(() => revokeMySessionAction({ sessionIdHash: session.idHash }), 'That session is signed out.')}>
              Sign out
            </Button>
          )
        }
      />
      {others > 0 ? (
        <ConfirmDialog
          trigger={
            <Button variant="outline" className="w-fit" disabled={pending}>
              Sign out all other sessions
            </Button>
          }
          title="Sign out all other sessions?"
          description={`${others} other ${others === 1 ? 'session' : 'sessions'} will end, on every device and in every account. You stay signed in here.`}
          confirmLabel="Sign them out"
          onConfirm={() => run(() => revokeMyOtherSessionsAction(), ({ sessionsEnded }) => `${sessionsEnded} other ${sessionsEnded === 1 ? 'session' : 'sessions'} signed out.`)}
        />
      ) : (
        <p className="text-sm text-muted-foreground">You are signed in on this device only.</p>
      )}
    </div>
  );
}
