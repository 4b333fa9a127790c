import type { Metadata } from 'next';
import { LinkProblem } from '@/components/auth/link-problem';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { lookUpContactEmailLink } from '@/lib/dal/profile/my-profile';
import { ConfirmContactEmail } from './confirm-form';

export const metadata: Metadata = { title: 'Confirm your contact email' };

const PROBLEMS = {
  unknown: 'This link is not valid. Check that you opened the whole link from your email.',
  used: 'This link has already been used: the address is confirmed.',
  expired: 'This link has expired. Ask for a new one on your profile.',
  changed: 'Your profile names another contact email now. Use the link sent to that address.',
} as const;

/** Where the contact-email verification link leads. Reachable signed in or not: the token is the credential. */
export default async function VerifyEmailPage({ params }: PageProps<'/verify-email/[token]'>) {
  const { token } = await params;
  const lookup = token.length <= 100 ? await lookUpContactEmailLink(token) : ({ ok: false, reason: 'unknown' } as const);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Confirm your contact email</CardTitle>
        {lookup.ok ? <CardDescription>Rolecall will send your notifications to {lookup.address}.</CardDescription> : null}
      </CardHeader>
      <CardContent>{lookup.ok ? <ConfirmContactEmail token={token} address={lookup.address} /> : <LinkProblem message={PROBLEMS[lookup.reason]} />}</CardContent>
    </Card>
  );
}
