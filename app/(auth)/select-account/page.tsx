import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/current';
import { listUsableMemberships } from '@/lib/dal/sessions/manage-sessions';
import { AccountPicker } from './account-picker';

export const metadata: Metadata = { title: 'Choose an account' };

export default async function SelectAccountPage({ searchParams }: PageProps<'/select-account'>) {
  const session = await requireSession();
  const params = await searchParams;
  const accounts = await listUsableMemberships(session.user.id);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Choose an account</CardTitle>
        <CardDescription>
          Signed in as {session.user.email}. You belong to {accounts.length} account{accounts.length === 1 ? '' : 's'}; you can
          switch later from the sidebar.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <AccountPicker
          accounts={accounts}
          currentAccountId={session.membership?.accountId ?? null}
          next={typeof params.next === 'string' ? params.next : undefined}
        />
      </CardContent>
    </Card>
  );
}
