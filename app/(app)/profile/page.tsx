import type { Metadata } from 'next';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { requireMember } from '@/lib/auth/current';
import { WorkSections } from './_work';

export const metadata: Metadata = { title: 'My profile' };

/** Who I am in this account. Editing names, contact details and security settings comes with the profiles issue. */
export default async function ProfilePage() {
  const { user, membership } = await requireMember();
  const rows: [string, string][] = [
    ['Name', `${user.firstName} ${user.lastName}`.trim()],
    ['Login email', user.email],
    ['Account', membership.accountName],
    ['Role', membership.roleNames.join(', ') || '—'],
  ];
  return (
    <div className="grid max-w-2xl gap-6">
      <h1 className="text-2xl font-semibold">My profile</h1>
      <Card>
        <CardHeader>
          <CardTitle>About you</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
            {rows.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-muted-foreground">{term}</dt>
                <dd className="font-medium">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      <WorkSections />
    </div>
  );
}
