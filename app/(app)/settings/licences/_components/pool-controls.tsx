'use client';

import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import type { LicenceDeletionPreview } from '@/lib/types/licences';
import { deleteLicencePoolAction, previewLicenceDeletionAction, setLicenceEndAction, setLicenceSeatsAction, setMemberLicenceAction } from '../actions';
import { toLocalInput } from './licence-dialog';

/** Seats: a number field and Save (never below the seats held: the server says how many to revoke first). */
export function SeatsForm({ id, seats, used }: { id: string; seats: number; used: number }) {
  const router = useRouter();
  const [value, setValue] = useState(String(seats));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="grid gap-1.5"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await setLicenceSeatsAction({ id, seats: value });
          if (!result.ok) return void setError(result.fieldErrors?.seats && result.code !== 'conflict' ? result.fieldErrors.seats : result.message);
          toast.success(result.data.changed ? `Seats set to ${Number(value).toLocaleString('en')}.` : 'Nothing to change.');
          router.refresh();
        });
      }}
    >
      <Label htmlFor="licence-seats">Seats</Label>
      <div className="flex flex-wrap gap-2">
        <input
          id="licence-seats"
          type="number"
          inputMode="numeric"
          min={Math.max(1, used)}
          max={1_000_000}
          className="h-10 w-32 min-w-0 rounded-md border border-border bg-background px-3"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby="licence-seats-help"
          onChange={(event) => setValue(event.target.value)}
        />
        <Button type="submit" variant="outline" disabled={pending || value === String(seats)}>
          {pending ? 'Saving…' : 'Save seats'}
        </Button>
      </div>
      <p id="licence-seats-help" className="text-xs text-muted-foreground">
        {used.toLocaleString('en')} held: at least that many.
      </p>
      {error ? (
        <p className="text-sm text-destructive" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The end date: a date-time field with Save, and "No end". */
export function EndForm({ id, endsAt }: { id: string; endsAt: string | null }) {
  const router = useRouter();
  const [value, setValue] = useState(toLocalInput(endsAt));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const save = (next: string | null) => {
    setError(null);
    startTransition(async () => {
      const result = await setLicenceEndAction({ id, endsAt: next });
      if (!result.ok) return void setError(result.fieldErrors?.endsAt ?? result.message);
      toast.success(next ? 'End date saved.' : 'The licence no longer ends.');
      if (!next) setValue('');
      router.refresh();
    });
  };
  return (
    <form
      className="grid gap-1.5"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!value) return void setError('Pick the date and time it ends, or choose “No end”.');
        save(new Date(value).toISOString());
      }}
    >
      <Label htmlFor="licence-end">Ends at</Label>
      <div className="flex flex-wrap gap-2">
        <input
          id="licence-end"
          type="datetime-local"
          className="h-10 w-56 max-w-full min-w-0 rounded-md border border-border bg-background px-3"
          value={value}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setValue(event.target.value)}
        />
        <Button type="submit" variant="outline" disabled={pending}>
          Save end
        </Button>
        {endsAt ? (
          <Button type="button" variant="ghost" disabled={pending} onClick={() => save(null)}>
            No end
          </Button>
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">In your time zone. Once it passes, nobody keeps what the licence unlocks.</p>
      {error ? (
        <p className="text-sm text-destructive" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** What deleting does, in words: who loses what, and what then follows roles alone. */
export function deletionText(preview: LicenceDeletionPreview, label: (name: string) => string): string {
  const parts: string[] = [preview.holders === 0 ? 'Nobody holds a seat of it.' : `Its ${plural(preview.holders, 'seat')} held ${preview.holders === 1 ? 'goes' : 'go'} with it.`];
  if (preview.losing.length > 0) {
    const named = preview.losing.slice(0, 5).map((member) => `${member.name} (${member.loses.map(label).join(', ')})`);
    const more = preview.losing.length - named.length;
    parts.push(`${plural(preview.losing.length, 'member')} lose${preview.losing.length === 1 ? 's' : ''} access another licence still gates: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`);
  } else {
    parts.push('Nobody loses access.');
  }
  if (preview.released.length > 0) parts.push(`No other licence gates ${preview.released.map(label).join(', ')}: everyone whose role grants it gets it again.`);
  return parts.join(' ');
}

/** Delete, after showing who loses what. */
export function DeletePool({ id, name, labels }: { id: string; name: string; labels: Record<string, string> }) {
  const router = useRouter();
  const [preview, setPreview] = useState<LicenceDeletionPreview | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button
        variant="outline"
        className="text-destructive"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await previewLicenceDeletionAction({ id });
            if (!result.ok) return void toast.error(result.message);
            setPreview(result.data);
          })
        }
      >
        <Trash2 aria-hidden /> Delete licence
      </Button>
      {preview ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setPreview(null)}
          title={`Delete “${name}”?`}
          description={deletionText(preview, (permission) => labels[permission] ?? permission)}
          confirmLabel="Delete"
          onConfirm={() =>
            startTransition(async () => {
              const result = await deleteLicencePoolAction({ id });
              if (!result.ok) return void toast.error(result.message);
              toast.success(`Deleted the licence “${name}”.`);
              router.push('/settings/licences');
              router.refresh();
            })
          }
        />
      ) : null}
    </>
  );
}

/** Takes a holder's seat back. */
export function RevokeSeat({ poolId, membershipId, name }: { poolId: string; membershipId: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      aria-label={`Revoke ${name}’s seat`}
      onClick={() =>
        startTransition(async () => {
          const result = await setMemberLicenceAction({ membershipId, poolId, held: false });
          if (!result.ok) return void toast.error(result.message);
          toast.success(`Revoked ${name}’s seat.`);
          router.refresh();
        })
      }
    >
      {pending ? 'Revoking…' : 'Revoke'}
    </Button>
  );
}
