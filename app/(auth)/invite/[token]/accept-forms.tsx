'use client';

import { useState, useTransition } from 'react';
import { PasswordStrength } from '@/components/auth/password-strength';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { feedbackOf, type FormState } from '@/lib/actions/form-state';
import { acceptAsNewPersonAction, acceptAsSignedInAction, type Accepted } from './actions';

/** Runs an accept action and navigates from the handler: the page itself changes once it is accepted. */
function useAccept(action: (previous: FormState<Accepted> | null, formData: FormData) => Promise<FormState<Accepted>>) {
  const [state, setState] = useState<FormState<Accepted> | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(null, formData);
      if (result.ok && result.data.redirectTo) window.location.assign(result.data.redirectTo);
      else setState(result);
    });
  };
  return { ...feedbackOf(state), pending, submit };
}

export function NewPersonForm({ token, email }: { token: string; email: string }) {
  const { alert, fieldErrors, pending, submit } = useAccept(acceptAsNewPersonAction);
  const [password, setPassword] = useState('');
  return (
    <form className="grid gap-4" noValidate onSubmit={submit}>
      {alert ? <Alert variant="error">{alert}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="firstName" label="First name" required autoComplete="given-name" maxLength={100} error={fieldErrors.firstName} />
        <Field name="lastName" label="Last name" autoComplete="family-name" maxLength={100} error={fieldErrors.lastName} />
      </div>
      <Field name="password" label="Password" type="password" required autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} error={fieldErrors.password} hint="At least 12 characters.">
        <PasswordStrength password={password} context={[email]} />
      </Field>
      <Field name="confirmPassword" label="Repeat the password" type="password" required autoComplete="new-password" error={fieldErrors.confirmPassword} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Joining…' : 'Accept and join'}
      </Button>
    </form>
  );
}

export function SignedInForm({ token, accountName }: { token: string; accountName: string }) {
  const { data, alert, pending, submit } = useAccept(acceptAsSignedInAction);
  return (
    <form className="grid gap-3" onSubmit={submit}>
      {alert ? <Alert variant="error">{alert}</Alert> : null}
      {data?.notice ? <Alert variant="info">{data.notice}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Joining…' : `Join ${accountName}`}
      </Button>
    </form>
  );
}
