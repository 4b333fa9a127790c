'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { useHardRedirect } from '@/components/use-hard-redirect';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { loginAction, type LoginState } from './actions';

export function LoginForm({ next, notice }: { next?: string; notice?: { text: string; tone: 'info' | 'error' } }) {
  const [state, formAction] = useActionState<LoginState, FormData>(loginAction, {});
  useHardRedirect(state.redirectTo);
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {state.message ? (
        <Alert variant="error">{state.message}</Alert>
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
        defaultValue={state.email}
        error={state.fieldErrors?.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
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
