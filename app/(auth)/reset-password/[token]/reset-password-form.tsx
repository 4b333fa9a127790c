'use client';

import { useState, useTransition } from 'react';
import { PasswordStrength } from '@/components/auth/password-strength';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { resetPasswordAction, type ResetPasswordState } from './actions';

export function ResetPasswordForm({ token, email, context }: { token: string; email: string; context: string[] }) {
  const [state, setState] = useState<ResetPasswordState>({});
  const [pending, startTransition] = useTransition();
  const [password, setPassword] = useState('');
  return (
    <form
      className="grid gap-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const formData = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await resetPasswordAction({}, formData);
          // A full page load: the new session must reach middleware.ts, and the used link's page has no form any more.
          if (result.redirectTo) window.location.assign(result.redirectTo);
          else setState(result);
        });
      }}
    >
      {state.message ? <Alert variant="error">{state.message}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
      <Field
        name="password"
        label="New password"
        type="password"
        required
        autoFocus
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={state.fieldErrors?.password}
        hint="At least 12 characters. A few unrelated words make a strong one."
      >
        <PasswordStrength password={password} context={context} />
      </Field>
      <Field name="confirmPassword" label="Repeat the password" type="password" required autoComplete="new-password" error={state.fieldErrors?.confirmPassword} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Saving…' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
