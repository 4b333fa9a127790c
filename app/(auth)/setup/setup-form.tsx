'use client';

import { useActionState, useState } from 'react';
import { useHardRedirect } from '@/components/use-hard-redirect';
import { PasswordStrength } from '@/components/auth/password-strength';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { feedbackOf, type FormState } from '@/lib/actions/form-state';
import { setupAction } from './actions';

export function SetupForm() {
  const [state, formAction] = useActionState<FormState<{ redirectTo: string }> | null, FormData>(setupAction, null);
  const { data, alert, fieldErrors: errors, values } = feedbackOf(state);
  useHardRedirect(data?.redirectTo);
  const [password, setPassword] = useState('');
  const [context, setContext] = useState<string[]>([]);
  return (
    <form
      action={formAction}
      className="grid gap-4"
      noValidate
      onChange={(event) => {
        const form = event.currentTarget;
        setContext(['firstName', 'lastName', 'email', 'accountName'].map((n) => (form.elements.namedItem(n) as HTMLInputElement)?.value ?? ''));
      }}
    >
      {alert || Object.keys(errors).length ? <Alert variant="error">{alert ?? 'Check the highlighted fields.'}</Alert> : null}
      <Field name="accountName" label="Account name" required autoFocus maxLength={100} defaultValue={values.accountName} error={errors.accountName} hint="Your company or team, as your colleagues will see it." />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="firstName" label="First name" required autoComplete="given-name" maxLength={100} defaultValue={values.firstName} error={errors.firstName} />
        <Field name="lastName" label="Last name" autoComplete="family-name" maxLength={100} defaultValue={values.lastName} error={errors.lastName} />
      </div>
      <Field name="email" label="Email" type="email" required autoComplete="username" defaultValue={values.email} error={errors.email} hint="You will sign in with it." />
      <Field
        name="password"
        label="Password"
        type="password"
        required
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
        hint="At least 12 characters. A few unrelated words make a strong one."
      >
        <PasswordStrength password={password} context={context} />
      </Field>
      <Field name="confirmPassword" label="Repeat the password" type="password" required autoComplete="new-password" error={errors.confirmPassword} />
      <SubmitButton pendingText="Creating your account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
