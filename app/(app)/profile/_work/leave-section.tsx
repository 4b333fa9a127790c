'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { useHydrated } from '@/components/use-hydrated';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';
import { fieldErrorsOf } from '@/lib/validation/primitives';
import { daysBetween, formatDay, formatDayRange, leaveRequestSchema } from '@/lib/validation/work';
import { cancelLeaveAction, requestLeaveAction } from './actions';

export interface LeaveRow {
  id: string;
  startsOn: string;
  endsOn: string;
  note: string;
  status: 'pending' | 'approved' | 'declined' | 'cancelled';
  decidedBy: string | null;
  decisionNote: string | null;
  past: boolean;
  cancellable: boolean;
}

const STATUS: Record<LeaveRow['status'], [string, string]> = {
  pending: ['Waiting for approval', 'bg-amber-100 text-amber-900'],
  approved: ['Approved', 'bg-emerald-100 text-emerald-900'],
  declined: ['Declined', 'bg-red-100 text-red-900'],
  cancelled: ['Cancelled', 'bg-muted text-muted-foreground'],
};

export function LeaveStatusBadge({ status }: { status: LeaveRow['status'] }) {
  const [label, tone] = STATUS[status];
  return <span className={cn('inline-flex w-fit rounded-full px-2 py-0.5 text-xs font-medium', tone)}>{label}</span>;
}

const dayCount = (startsOn: string, endsOn: string) => {
  const days = daysBetween(startsOn, endsOn) + 1;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
};

/** Requesting leave, and the member's requests with their decisions; past leave is shown but read-only. */
export function LeaveSection({ today, requests }: { today: string; requests: LeaveRow[] }) {
  const router = useRouter();
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  const submit = () => {
    const input = { startsOn, endsOn: endsOn || startsOn, note };
    const parsed = leaveRequestSchema.safeParse(input);
    const found = parsed.success ? {} : fieldErrorsOf(parsed.error);
    if (parsed.success && startsOn < today) found.startsOn = `Choose today (${formatDay(today)}) or a later day.`;
    if (Object.keys(found).length) {
      setErrors(found);
      return void toast.error(Object.values(found)[0]!);
    }
    startTransition(async () => {
      const result = await requestLeaveAction(input);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error(result.message);
      }
      setErrors({});
      setStartsOn('');
      setEndsOn('');
      setNote('');
      toast.success(`Leave requested: ${formatDayRange(input.startsOn, input.endsOn)}. An approver will decide.`);
      router.refresh();
    });
  };

  const cancel = (request: LeaveRow) =>
    startTransition(async () => {
      const result = await cancelLeaveAction({ requestId: request.id });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`Leave ${formatDayRange(request.startsOn, request.endsOn)} cancelled.`);
      router.refresh();
    });

  return (
    <div className="grid gap-6">
      <form
        className="grid gap-4"
        noValidate
        aria-label="Request leave"
        data-hydrated={hydrated || undefined}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <Field name="startsOn" id="leave-starts-on" label="From" type="date" min={today} value={startsOn} onChange={(event) => setStartsOn(event.target.value)} error={errors.startsOn} />
          <Field name="endsOn" id="leave-ends-on" label="To (included)" type="date" min={startsOn || today} value={endsOn} onChange={(event) => setEndsOn(event.target.value)} error={errors.endsOn} hint="Leave empty for a single day." />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="leave-note">Note (optional)</Label>
          <textarea
            id="leave-note"
            maxLength={500}
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? 'leave-note-error' : undefined}
            className="rounded-md border border-border bg-background px-3 py-2 text-sm placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-invalid:border-destructive"
            placeholder="e.g. Family holiday"
          />
          {errors.note ? (
            <p id="leave-note-error" className="text-sm text-destructive">
              {errors.note}
            </p>
          ) : null}
        </div>
        <Button type="submit" className="w-fit" disabled={pending || !startsOn}>
          Request leave
        </Button>
      </form>

      <div className="grid gap-2">
        <h3 className="text-sm font-medium">Your requests</h3>
        {requests.length === 0 ? (
          <p className="text-sm text-muted-foreground">No leave requested yet.</p>
        ) : (
          <ul className="divide-y divide-border rounded-lg border border-border" data-testid="my-leave">
            {requests.map((request) => (
              <li key={request.id} className={cn('flex flex-wrap items-start justify-between gap-3 p-3 text-sm', request.past && 'text-muted-foreground')}>
                <div className="grid gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-foreground">{formatDayRange(request.startsOn, request.endsOn)}</span>
                    <span className="text-xs text-muted-foreground">{dayCount(request.startsOn, request.endsOn)}</span>
                    <LeaveStatusBadge status={request.status} />
                    {request.past ? <span className="text-xs text-muted-foreground">Past · read-only</span> : null}
                  </div>
                  {request.note ? <p className="text-muted-foreground">“{request.note}”</p> : null}
                  {request.decidedBy && (request.status === 'approved' || request.status === 'declined') ? (
                    <p className="text-xs text-muted-foreground">
                      {request.status === 'approved' ? 'Approved' : 'Declined'} by {request.decidedBy}
                      {request.decisionNote ? `: “${request.decisionNote}”` : '.'}
                    </p>
                  ) : null}
                  {request.status === 'approved' && !request.past && !request.cancellable ? (
                    <p className="text-xs text-muted-foreground">
                      {request.startsOn <= today
                        ? 'Under way: it can no longer be cancelled.'
                        : 'Its first day has begun in some time zones: approved leave can no longer be cancelled from then on.'}
                    </p>
                  ) : null}
                </div>
                {request.cancellable ? (
                  <ConfirmDialog
                    trigger={
                      <Button size="sm" variant="outline" disabled={pending}>
                        Cancel request
                      </Button>
                    }
                    title="Cancel this leave?"
                    description={`${formatDayRange(request.startsOn, request.endsOn)}${request.status === 'approved' ? ' is approved; cancelling frees those days and your team stops seeing you as away.' : ' will no longer wait for approval.'}`}
                    confirmLabel="Cancel leave"
                    onConfirm={() => cancel(request)}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
