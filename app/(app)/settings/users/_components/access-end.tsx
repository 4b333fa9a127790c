'use client';

import { CalendarClock } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { LiveClock } from '@/components/live-clock';
import { LocalTime } from '@/components/local-time';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import { setMemberAccessEndAction } from '../actions';

/** `datetime-local` value for a moment, in the browser's time zone. */
function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/**
 * Picks when access ends: the current system time (live, with its zone), a date-time field, and Save. Used
 * for one member (the user page, the toggle of an expired member) and for many (bulk "Extend access to…").
 */
export function AccessEndDialog({
  open,
  onOpenChange,
  title,
  description,
  initial,
  onSave,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  initial: string | null;
  onSave: (endsAtIso: string) => Promise<string | null>;
}) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function change(next: boolean) {
    if (next) {
      const start = initial && new Date(initial).getTime() > Date.now() ? new Date(initial) : new Date(Date.now() + 7 * 86_400_000);
      setValue(toLocalInput(start));
      setError(null);
    }
    onOpenChange(next);
  }

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent title={title} description={description}>
        <form
          className="grid gap-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!value) return void setError('Pick the date and time access ends.');
            startTransition(async () => {
              const problem = await onSave(new Date(value).toISOString());
              if (problem) setError(problem);
              else onOpenChange(false);
            });
          }}
        >
          <p className="text-sm text-muted-foreground">
            Your current system time: <LiveClock />
          </p>
          <div className="grid gap-1.5">
            <Label htmlFor="access-ends-at">Access ends at</Label>
            <input
              id="access-ends-at"
              type="datetime-local"
              className="h-10 w-full min-w-0 rounded-md border border-border bg-background px-3"
              value={value}
              aria-invalid={Boolean(error)}
              aria-describedby="access-ends-help"
              onChange={(event) => setValue(event.target.value)}
            />
            <p id="access-ends-help" className="text-xs text-muted-foreground">
              After it, they can no longer sign in and any session of theirs ends. Within a year from now.
            </p>
            {error ? (
              <p className="text-sm text-destructive" role="alert">
                {error}
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending || !value}>
              {pending ? 'Saving…' : 'Save'}
            </Button>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Sets one member's end of access (or revives it) and says what happened; answers a problem to show, or null. */
export function useAccessEnd(membershipId: string, name: string) {
  const router = useRouter();
  return async (change: { mode: 'until'; endsAt: string } | { mode: 'now' } | { mode: 'permanent' }): Promise<string | null> => {
    const result = await setMemberAccessEndAction({ membershipId, change });
    if (!result.ok) {
      toast.error(result.message);
      return result.fieldErrors ? (Object.values(result.fieldErrors)[0] ?? result.message) : result.message;
    }
    const when = result.data.accessExpiresAt ? new Date(result.data.accessExpiresAt).toLocaleString() : null;
    toast.success(
      !result.data.changed
        ? 'Nothing to change.'
        : change.mode === 'now'
          ? `${name}’s access has ended; they are signed out.`
          : when
            ? `${name}’s access now ends on ${when}. We’ve told them by email.`
            : `${name}’s access no longer ends. We’ve told them by email.`,
    );
    router.refresh();
    return null;
  };
}

/** The user page's Access ends widget: when access ends (or ended), extend or set it, end it now, make it permanent. */
export function AccessEndsWidget({ membershipId, name, accessExpiresAt, now, disabledReason }: { membershipId: string; name: string; accessExpiresAt: string | null; now: number; disabledReason: string | null }) {
  const [picking, setPicking] = useState(false);
  const [ending, setEnding] = useState(false);
  const [pending, startTransition] = useTransition();
  const save = useAccessEnd(membershipId, name);
  const ended = accessExpiresAt !== null && new Date(accessExpiresAt).getTime() <= now;

  return (
    <div className="grid gap-3 text-sm">
      <p data-testid="access-ends-state">
        {accessExpiresAt === null ? (
          'No end date: their access is permanent.'
        ) : ended ? (
          <>
            Access ended on <LocalTime iso={accessExpiresAt} />.
          </>
        ) : (
          <>
            Access ends on <LocalTime iso={accessExpiresAt} />.
          </>
        )}
      </p>
      {disabledReason ? (
        <p className="text-muted-foreground">{disabledReason}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="outline" onClick={() => setPicking(true)} disabled={pending}>
            <CalendarClock aria-hidden /> {accessExpiresAt === null ? 'Set an end…' : ended ? 'Extend access…' : 'Change the end…'}
          </Button>
          {ended ? null : (
            <Button size="sm" variant="outline" onClick={() => setEnding(true)} disabled={pending}>
              End now
            </Button>
          )}
          {accessExpiresAt === null ? null : (
            <Button size="sm" variant="outline" onClick={() => startTransition(async () => void (await save({ mode: 'permanent' })))} disabled={pending}>
              Make permanent
            </Button>
          )}
        </div>
      )}
      <AccessEndDialog
        open={picking}
        onOpenChange={setPicking}
        title={`When does ${name}’s access end?`}
        description="They are told by email. A later date revives access that has ended, without a new invitation."
        initial={accessExpiresAt}
        onSave={(endsAt) => save({ mode: 'until', endsAt })}
      />
      <ConfirmDialog
        open={ending}
        onOpenChange={setEnding}
        title={`End ${name}’s access now?`}
        description={`${name} is signed out of this account at once and cannot sign in to it until someone extends their access. They are told by email.`}
        confirmLabel="End now"
        onConfirm={() => startTransition(async () => void (await save({ mode: 'now' })))}
      />
    </div>
  );
}
