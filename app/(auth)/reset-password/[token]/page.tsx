import type { Metadata } from 'next';
import Link from 'next/link';
import { LinkProblem } from '@/components/auth/link-problem';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { lookUpPasswordReset, SSO_ONLY } from '@/lib/dal/sessions/reset-password';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

const PROBLEMS = {
  unknown: 'This reset link is not valid. Check that you opened the whole link from your email, or ask for a new one.',
  used: 'This reset link has already been used. Sign in with your new password, or ask for a new link.',
  expired: 'This reset link has expired: it works for 30 minutes. Ask for a new one.',
  sso: SSO_ONLY,
} as const;

/** Where a reset link leads. Reachable signed in or not: the token is the credential. */
export default async function ResetPasswordPage({ params }: PageProps<'/reset-password/[token]'>) {
  const { token } = await params;
  const lookup = token.length <= 100 ? await lookUpPasswordReset(token) : ({ ok: false, reason: 'unknown' } as const);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Choose a new password</CardTitle>
        {lookup.ok ? (
          <CardDescription>
            For <strong className="break-all">{lookup.details.email}</strong>. Once it is set, you are signed out on every other device.
          </CardDescription>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-3">
        {lookup.ok ? (
          <ResetPasswordForm token={token} email={lookup.details.email} context={[lookup.details.email, lookup.details.firstName, lookup.details.lastName]} />
        ) : (
          <>
            <LinkProblem message={PROBLEMS[lookup.reason]} />
            {lookup.reason === 'sso' ? null : (
              <Link href="/forgot-password" className="text-sm text-primary underline-offset-4 hover:underline">
                Ask for a new link
              </Link>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
