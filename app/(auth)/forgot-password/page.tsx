import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Forgot password' };

/** Public: anyone may ask; the answer is the same for every email. */
export default function ForgotPasswordPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Forgot your password?</CardTitle>
        <CardDescription>Enter the email you sign in with, and we will send you a link to choose a new password.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <ForgotPasswordForm />
        <p className="border-t border-border pt-4 text-xs text-muted-foreground">
          Signed in through your organisation (single sign-on)? Rolecall keeps no password for you: change it with your organisation, or ask its
          IT administrator.
        </p>
      </CardContent>
    </Card>
  );
}
