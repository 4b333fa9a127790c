import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getEndedSessionReason } from '@/lib/auth/current';
import { SESSION_END_MESSAGES, type SessionEnd } from '@/lib/auth/session-context';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: PageProps<'/login'>) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  const reason = typeof params.reason === 'string' ? params.reason : ((await getEndedSessionReason()) ?? undefined);
  const notice =
    reason && reason in SESSION_END_MESSAGES
      ? {
          text: SESSION_END_MESSAGES[reason as SessionEnd],
          tone: (['signed_out', 'signed_out_everywhere'].includes(reason) ? 'info' : 'error') as 'info' | 'error',
        }
      : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Sign in</CardTitle>
        <CardDescription>Use the email and password of your Rolecall login.</CardDescription>
      </CardHeader>
      <CardContent>
        <LoginForm next={next} notice={notice} />
      </CardContent>
    </Card>
  );
}
