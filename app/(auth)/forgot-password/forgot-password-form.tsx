'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { feedbackOf, type FormState } from '@/lib/actions/form-state';
import { forgotPasswordAction } from './actions';

export function ForgotPasswordForm() {
  const [state, formAction] = useActionState<FormState<{ sentTo: string }> | null, FormData>(forgotPasswordAction, null);
  const { data, alert, fieldErrors, values } = feedbackOf(state);
  if (data?.sentTo) {
    return (
      <div className="grid gap-4" data-testid="reset-requested">
        <Alert variant="success">
          If <strong className="break-all">{data.sentTo}</strong> is the email of a Rolecall login, we have sent it a link to choose a new password.
        </Alert>
        <p className="text-sm text-muted-foreground">
          The link works once, for 30 minutes. Nothing arrived after a few minutes? Check your spam folder, and that you typed the email you sign in with.
        </p>
        <Link href="/login" className="text-sm text-primary underline-offset-4 hover:underline">
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {alert ? <Alert variant="error">{alert}</Alert> : null}
      <Field name="email" label="Email" type="email" autoComplete="username" required autoFocus defaultValue={values.email} error={fieldErrors.email} />
      <SubmitButton pendingText="Sending…" className="w-full">
        Send link
      </SubmitButton>
      <Link href="/login" className="justify-self-center text-sm text-primary underline-offset-4 hover:underline">
        Back to sign in
      </Link>
    </form>
  );
}
