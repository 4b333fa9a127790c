'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { useHardRedirect } from '@/components/use-hard-redirect';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { feedbackOf, type FormState } from '@/lib/actions/form-state';
import { loginAction } from './actions';

export function LoginForm({ next, notice }: { next?: string; notice?: { text: string; tone: 'info' | 'error' } }) {
  const [state, formAction] = useActionState<FormState<{ redirectTo: string }> | null, FormData>(loginAction, null);
  const { data, alert, fieldErrors, values } = feedbackOf(state);
  useHardRedirect(data?.redirectTo);
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {alert ? (
        <Alert variant="error">{alert}</Alert>
      ) : notice ? (
        <Alert variant={notice.tone}>{notice.text}</Alert>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        defaultValue={values.email}
        error={fieldErrors.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrors.password}
      />
      <Link href="/forgot-password" className="-mt-2 justify-self-end text-sm text-primary underline-offset-4 hover:underline">
        Forgot password?
      </Link>
      <SubmitButton pendingText="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
