'use client';

import { useState, useTransition } from 'react';
import { PasswordStrength } from '@/components/auth/password-strength';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { feedbackOf, type FormState } from '@/lib/actions/form-state';
import { activateAction } from './actions';

export function ActivateForm({ token, email, firstName }: { token: string; email: string; firstName: string }) {
  const [state, setState] = useState<FormState<{ redirectTo: string }> | null>(null);
  const { alert, fieldErrors } = feedbackOf(state);
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
          const result = await activateAction(null, formData);
          // Navigate from here, not from an effect: once the link is used, this page re-renders without the form.
          if (result.ok) window.location.assign(result.data.redirectTo);
          else setState(result);
        });
      }}
    >
      {alert ? <Alert variant="error">{alert}</Alert> : null}
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
        error={fieldErrors.password}
        hint="At least 12 characters. A few unrelated words make a strong one."
      >
        <PasswordStrength password={password} context={[email, firstName]} />
      </Field>
      <Field name="confirmPassword" label="Repeat the password" type="password" required autoComplete="new-password" error={fieldErrors.confirmPassword} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Activating…' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
