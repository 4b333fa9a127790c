import { Download, KeyRound, Plus } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listLicencePools } from '@/lib/dal/licences/pools';
import { LicenceDialog } from './_components/licence-dialog';
import { LicenceEnd, LicenceNotices, unlockChoices, unlocksText, UsageBar } from './_components/licence-parts';

export const metadata: Metadata = { title: 'Licences' };

/** Settings → Licences: the account's licence pools, each with its seats used, its end and what it unlocks. */
export default async function LicencesPage() {
  const guard = await requirePagePermission('/settings/licences');
  if (!guard.allowed) return guard.forbidden;
  const pools = await listLicencePools(guard.actor);
  const choices = unlockChoices();
  const flagged = pools.filter((pool) => pool.notices.length > 0).length;
  const newButton = (
    <Button>
      <Plus aria-hidden /> New licence
    </Button>
  );
  return (
    <div className="grid max-w-5xl gap-5">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold">Licences</h1>
          <p className="text-muted-foreground">
            Seats of the products {guard.session.membership.accountName} holds. What a licence unlocks is open only to the members holding one of its seats.
          </p>
        </div>
        {pools.length > 0 ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" asChild>
              <a href="/settings/licences/export" download>
                <Download aria-hidden /> Export seats (CSV)
              </a>
            </Button>
            <LicenceDialog choices={choices} trigger={newButton} />
          </div>
        ) : null}
      </header>
      {flagged > 0 ? (
        <p className="rounded-md border border-amber-500/40 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {flagged === 1 ? '1 licence needs' : `${flagged} licences need`} attention: it has ended, ends within 14 days, or has no seat left.
        </p>
      ) : null}
      {pools.length === 0 ? (
        <Card className="grid justify-items-center gap-3 p-10 text-center">
          <div className="flex size-12 items-center justify-center rounded-full bg-muted">
            <KeyRound className="size-6 text-muted-foreground" aria-hidden />
          </div>
          <h2 className="text-lg font-semibold">No licences yet</h2>
          <p className="max-w-md text-sm text-muted-foreground">
            A licence has a number of seats and unlocks modules or features. Give seats to people from their page or from the Users tab; nobody else gets what it unlocks.
          </p>
          <LicenceDialog choices={choices} trigger={newButton} />
        </Card>
      ) : (
        <ul className="grid gap-3" aria-label="Licences">
          {pools.map((pool) => (
            <li key={pool.id}>
              <Card className="grid gap-3 p-4 sm:grid-cols-[minmax(0,1fr)_16rem] sm:items-center sm:gap-6">
                <div className="grid min-w-0 gap-1">
                  <div className="flex min-w-0 flex-wrap items-center gap-2">
                    <Link href={`/settings/licences/${pool.id}`} className="truncate font-medium text-primary underline-offset-4 hover:underline">
                      {pool.name}
                    </Link>
                    <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{pool.key}</code>
                    <LicenceNotices notices={pool.notices} />
                  </div>
                  <p className="text-sm text-muted-foreground wrap-anywhere">Unlocks {unlocksText(pool)}</p>
                  <p className="text-sm text-muted-foreground">
                    <LicenceEnd endsAt={pool.endsAt} ended={pool.notices.includes('ended')} />
                  </p>
                </div>
                <UsageBar used={pool.used} seats={pool.seats} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
