import type { Metadata } from 'next';
import Link from 'next/link';
import { LinkProblem } from '@/components/auth/link-problem';
import { LocalTime } from '@/components/local-time';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getRequestSession } from '@/lib/auth/current';
import { lookUpInvitation } from '@/lib/dal/invitations/accept-invitation';
import { NewPersonForm, SignedInForm } from './accept-forms';

export const metadata: Metadata = { title: 'Invitation' };

const CLOSED = {
  unknown: 'This invitation link is not valid. Check that you opened the whole link from your email.',
  completed: 'This invitation has already been accepted. Sign in to continue.',
  revoked: 'This invitation was revoked. Ask the person who invited you for a new one.',
  expired: 'This invitation has expired. Ask the person who invited you to send it again.',
} as const;

export default async function InvitePage({ params }: PageProps<'/invite/[token]'>) {
  const { token } = await params;
  const [lookup, session] = await Promise.all([lookUpInvitation(token), getRequestSession()]);
  if (!lookup.ok) {
    return (
      <Card>
        <CardHeader>
          <CardTitle as="h1">Invitation</CardTitle>
        </CardHeader>
        <CardContent>
          <LinkProblem message={CLOSED[lookup.reason]} />
        </CardContent>
      </Card>
    );
  }
  const { details } = lookup;
  const signedInAs = session?.user.email.toLowerCase();
  const isInvitee = signedInAs === details.email.toLowerCase();
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Join {details.accountName}</CardTitle>
        <CardDescription>
          {details.senderName} invited <strong>{details.email}</strong> to {details.accountName} as {details.roleName}.
          {details.accessExpiresAt ? (
            <>
              {' '}
              Access is temporary: it ends <LocalTime iso={details.accessExpiresAt} withZone />.
            </>
          ) : null}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {details.loginType === 'sso' ? (
          <Alert variant="error">
            This invitation is for single sign-on through your organisation, which is not set up for this account yet. Ask {details.senderName} to invite
            you with a local login.
          </Alert>
        ) : session && !isInvitee ? (
          <Alert variant="error">
            You are signed in as {session.user.email}, but this invitation is for {details.email}. It cannot be taken for another login: sign out
            and sign in as {details.email} to accept it.
          </Alert>
        ) : isInvitee ? (
          <SignedInForm token={token} accountName={details.accountName} />
        ) : details.hasLogin ? (
          <div className="grid gap-3 text-sm">
            <p>{details.email} already has a Rolecall login. Sign in with it, then open this link again to join with one click.</p>
            <Link href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`} className="font-medium text-primary underline-offset-4 hover:underline">
              Sign in as {details.email}
            </Link>
          </div>
        ) : (
          <NewPersonForm token={token} email={details.email} />
        )}
      </CardContent>
    </Card>
  );
}
