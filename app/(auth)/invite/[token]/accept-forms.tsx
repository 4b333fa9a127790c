'use client';

import { useState, useTransition } from 'react';
import { PasswordStrength } from '@/components/auth/password-strength';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { acceptAsNewPersonAction, acceptAsSignedInAction, type AcceptState } from './actions';

/** Runs an accept action and navigates from the handler: the page itself changes once it is accepted. */
function useAccept(action: (formData: FormData) => Promise<AcceptState>) {
  const [state, setState] = useState<AcceptState>({});
  const [pending, startTransition] = useTransition();
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(formData);
      if (result.redirectTo) window.location.assign(result.redirectTo);
      else setState(result);
    });
  };
  return { state, pending, submit };
}

export function NewPersonForm({ token, email }: { token: string; email: string }) {
  const { state, pending, submit } = useAccept(acceptAsNewPersonAction);
  const [password, setPassword] = useState('');
  return (
    <form className="grid gap-4" noValidate onSubmit={submit}>
      {state.message ? <Alert variant="error">{state.message}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="firstName" label="First name" required autoComplete="given-name" maxLength={100} error={state.fieldErrors?.firstName} />
        <Field name="lastName" label="Last name" autoComplete="family-name" maxLength={100} error={state.fieldErrors?.lastName} />
      </div>
      <Field name="password" label="Password" type="password" required autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} error={state.fieldErrors?.password} hint="At least 12 characters.">
        <PasswordStrength password={password} context={[email]} />
      </Field>
      <Field name="confirmPassword" label="Repeat the password" type="password" required autoComplete="new-password" error={state.fieldErrors?.confirmPassword} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Joining…' : 'Accept and join'}
      </Button>
    </form>
  );
}

export function SignedInForm({ token, accountName }: { token: string; accountName: string }) {
  const { state, pending, submit } = useAccept(acceptAsSignedInAction);
  return (
    <form className="grid gap-3" onSubmit={submit}>
      {state.message ? <Alert variant="error">{state.message}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Joining…' : `Join ${accountName}`}
      </Button>
    </form>
  );
}
