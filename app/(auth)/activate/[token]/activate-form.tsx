'use client';

import { useState, useTransition } from 'react';
import { PasswordStrength } from '@/components/auth/password-strength';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { activateAction, type ActivateState } from './actions';

export function ActivateForm({ token, email, firstName }: { token: string; email: string; firstName: string }) {
  const [state, setState] = useState<ActivateState>({});
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
          const result = await activateAction({}, formData);
          // Navigate from here, not from an effect: once the link is used, this page re-renders without the form.
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
        label="Password"
        type="password"
        required
        autoFocus
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={state.fieldErrors?.password}
        hint="At least 12 characters. A few unrelated words make a strong one."
      >
        <PasswordStrength password={password} context={[email, firstName]} />
      </Field>
      <Field name="confirmPassword" label="Repeat the password" type="password" required autoComplete="new-password" error={state.fieldErrors?.confirmPassword} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Activating…' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
