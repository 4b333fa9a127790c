'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { LocalTime } from '@/components/local-time';
import { Switch } from '@/components/ui/switch';
import type { MemberLicence } from '@/lib/types/licences';
import { setMemberLicenceAction } from '../../../licences/actions';

/**
 * The user page's Licences widget: every licence of the account with a switch (on: they hold a seat), the
 * seats left and what it unlocks. A switch is off-limits, with the reason, when the viewer may not hand the
 * licence out, no seat is left, the licence has ended, or the member is deactivated.
 */
export function LicencesWidget({
  membershipId,
  name,
  licences,
  deactivated,
  locked,
  managesLicences,
}: {
  membershipId: string;
  name: string;
  licences: MemberLicence[];
  deactivated: boolean;
  locked?: string;
  managesLicences: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);

  if (licences.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        This account has no licences yet.{' '}
        {managesLicences ? (
          <Link href="/settings/licences" className="text-primary underline-offset-4 hover:underline">
            Create one in Settings → Licences
          </Link>
        ) : null}
      </p>
    );
  }

  function change(licence: MemberLicence, held: boolean) {
    setBusy(licence.poolId);
    startTransition(async () => {
      const result = await setMemberLicenceAction({ membershipId, poolId: licence.poolId, held });
      setBusy(null);
      if (!result.ok) return void toast.error(result.message);
      toast.success(held ? `${name} now holds ${licence.name}.` : `${name} no longer holds ${licence.name}.`);
      router.refresh();
    });
  }

  return (
    <ul className="grid gap-3" aria-label="Licences">
      {licences.map((licence) => {
        const left = licence.seats - licence.used;
        const reason = locked
          ? locked
          : !managesLicences
            ? 'You need the “Manage licences” permission to change this.'
            : !licence.mayChange
              ? 'It unlocks more than you hold yourself.'
              : !licence.held && licence.ended
                ? 'This licence has ended.'
                : !licence.held && left <= 0
                  ? 'No seat left: revoke one or add seats.'
                  : !licence.held && deactivated
                    ? `${name} is deactivated.`
                    : null;
        const id = `licence-${licence.poolId}`;
        return (
          <li key={licence.poolId} className="flex min-w-0 items-start gap-3" data-testid="member-licence">
            <Switch
              id={id}
              checked={licence.held}
              disabled={reason !== null || (pending && busy === licence.poolId)}
              aria-describedby={`${id}-note`}
              aria-label={`${licence.name} for ${name}`}
              onCheckedChange={(held) => change(licence, held)}
            />
            <div className="grid min-w-0 gap-0.5">
              <label htmlFor={id} className="text-sm font-medium wrap-anywhere">
                {licence.name}
              </label>
              <p id={`${id}-note`} className="text-xs text-muted-foreground wrap-anywhere">
                {licence.unlocks.join(', ')} · {left > 0 ? `${left.toLocaleString('en')} of ${licence.seats.toLocaleString('en')} seats left` : `No seat left (${licence.seats.toLocaleString('en')})`}
                {licence.endsAt ? (
                  <>
                    {' '}
                    · {licence.ended ? 'ended' : 'ends'} <LocalTime iso={licence.endsAt} />
                  </>
                ) : null}
                {reason && reason !== locked ? <span className="block">{reason}</span> : null}
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
