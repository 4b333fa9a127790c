import { Download, Pencil } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LocalTime } from '@/components/local-time';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PERMISSIONS } from '@/lib/access/catalogue';
import { requirePagePermission } from '@/lib/access/page-permission';
import { DalError } from '@/lib/dal/core/errors';
import { getLicencePool } from '@/lib/dal/licences/pools';
import { LicenceDialog } from '../_components/licence-dialog';
import { LicenceEnd, LicenceNotices, unlockChoices, unlocksText, UsageBar } from '../_components/licence-parts';
import { DeletePool, EndForm, RevokeSeat, SeatsForm } from '../_components/pool-controls';

export const metadata: Metadata = { title: 'Licence' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_LABELS = { active: 'Active', deactivated: 'Deactivated', pending: 'Pending approval' } as const;

/** One licence: its seats and who holds them, its end, what it unlocks; edit, add seats, change the end, delete. */
export default async function LicencePage({ params }: PageProps<'/settings/licences/[id]'>) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const guard = await requirePagePermission('/settings/licences');
  if (!guard.allowed) return guard.forbidden;
  const pool = await getLicencePool(guard.actor, id).catch((error) => {
    if (error instanceof DalError && error.code === 'not_found') notFound();
    throw error;
  });
  const labels = Object.fromEntries(PERMISSIONS.map((permission) => [permission.name, permission.label]));
  return (
    <div className="grid max-w-5xl gap-6">
      <header className="grid gap-3">
        <Link href="/settings/licences" className="text-sm text-muted-foreground hover:underline">
          ← Licences
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 text-2xl font-semibold wrap-anywhere">{pool.name}</h1>
          <code className="rounded bg-muted px-1.5 py-0.5 text-sm">{pool.key}</code>
          <LicenceNotices notices={pool.notices} />
          <div className="flex flex-wrap gap-2 sm:ml-auto">
            <LicenceDialog
              choices={unlockChoices()}
              editing={pool}
              trigger={
                <Button variant="outline">
                  <Pencil aria-hidden /> Edit
                </Button>
              }
            />
            <DeletePool id={pool.id} name={pool.name} labels={labels} />
          </div>
        </div>
        <p className="text-muted-foreground wrap-anywhere">Unlocks {unlocksText(pool)}.</p>
      </header>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Seats</CardTitle>
            <CardDescription>Give seats from each person’s page (Licences) or to many at once from the Users tab.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <UsageBar used={pool.used} seats={pool.seats} />
            <SeatsForm id={pool.id} seats={pool.seats} used={pool.used} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Validity</CardTitle>
            <CardDescription>
              <LicenceEnd endsAt={pool.endsAt} ended={pool.notices.includes('ended')} />. Created <LocalTime iso={pool.createdAt} />.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <EndForm id={pool.id} endsAt={pool.endsAt} />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
          <div className="grid gap-1.5">
            <CardTitle>Holders</CardTitle>
            <CardDescription>{pool.holders.length === 0 ? 'Nobody holds a seat yet.' : `${pool.holders.length.toLocaleString('en')} ${pool.holders.length === 1 ? 'person holds' : 'people hold'} a seat.`}</CardDescription>
          </div>
          <Button variant="outline" size="sm" asChild>
            <a href={`/settings/licences/export?licence=${pool.id}`}>
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
        </CardHeader>
        <CardContent>
          {pool.holders.length > 0 ? (
            <ul className="divide-y divide-border" aria-label="Holders">
              {pool.holders.map((holder) => (
                <li key={holder.membershipId} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2">
                  <div className="grid min-w-0 flex-1 basis-56">
                    <Link href={`/settings/users/${holder.membershipId}`} className="truncate font-medium text-primary underline-offset-4 hover:underline">
                      {holder.name}
                    </Link>
                    <span className="truncate text-sm text-muted-foreground">{holder.email}</span>
                  </div>
                  <span className="text-sm text-muted-foreground">
                    {STATUS_LABELS[holder.status]} · since <LocalTime iso={holder.grantedAt} />
                  </span>
                  <RevokeSeat poolId={pool.id} membershipId={holder.membershipId} name={holder.name} />
                </li>
              ))}
            </ul>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
