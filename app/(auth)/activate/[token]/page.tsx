import type { Metadata } from 'next';
import { LinkProblem } from '@/components/auth/link-problem';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { lookUpActivation } from '@/lib/dal/members/activate-login';
import { ActivateForm } from './activate-form';

export const metadata: Metadata = { title: 'Activate your login' };

const PROBLEMS = {
  unknown: 'This activation link is not valid. Check that you opened the whole link from your email.',
  used: 'This activation link has already been used. Sign in with the password you set.',
  expired: 'This activation link has expired. Ask your administrator to send a new one.',
} as const;

export default async function ActivatePage({ params }: PageProps<'/activate/[token]'>) {
  const { token } = await params;
  const lookup = token.length <= 100 ? await lookUpActivation(token) : ({ ok: false, reason: 'unknown' } as const);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">{lookup.ok ? `Welcome, ${lookup.details.firstName}` : 'Activation link'}</CardTitle>
        {lookup.ok ? (
          <CardDescription>
            You have been added to <strong>{lookup.details.accountName}</strong>. Choose a password for {lookup.details.email}.
          </CardDescription>
        ) : null}
      </CardHeader>
      <CardContent>
        {lookup.ok ? (
          <ActivateForm token={token} email={lookup.details.email} firstName={lookup.details.firstName} />
        ) : (
          <LinkProblem message={PROBLEMS[lookup.reason]} />
        )}
      </CardContent>
    </Card>
  );
}
