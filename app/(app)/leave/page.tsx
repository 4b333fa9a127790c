import type { Metadata } from 'next';
import { LocalTime } from '@/components/local-time';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listLeaveForApproval } from '@/lib/dal/leave/decide-leave';
import { daysBetween, formatDayRange } from '@/lib/validation/work';
import { LeaveStatusBadge } from '../profile/_work/leave-section';
import { DecisionButtons } from './_components/decision-buttons';

export const metadata: Metadata = { title: 'Leave requests' };

const dayCount = (startsOn: string, endsOn: string) => {
  const days = daysBetween(startsOn, endsOn) + 1;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
};

/** Approvers (leave.approve) decide the account's pending leave requests. */
export default async function LeavePage() {
  const guard = await requirePagePermission('/leave');
  if (!guard.allowed) return guard.forbidden;
  const { actor } = guard;
  const { pending, decided } = await listLeaveForApproval(actor);
  return (
    <div className="grid max-w-4xl gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Leave requests</h1>
        <p className="text-muted-foreground">Approve or decline your team’s leave. The member gets an email; approved leave shows on everyone’s dashboard.</p>
      </header>
      <Card aria-labelledby="leave-requests-title">
        <CardHeader>
          <CardTitle id="leave-requests-title">Requests</CardTitle>
          <CardDescription>{pending.length === 0 ? 'Nothing waiting for a decision.' : `${pending.length} waiting for a decision, soonest first.`}</CardDescription>
        </CardHeader>
        {pending.length === 0 ? (
          <div className="pb-3" />
        ) : (
          <CardContent>
            <ul className="divide-y divide-border rounded-lg border border-border" data-testid="leave-requests">
              {pending.map((request) => (
                <li key={request.id} className="grid gap-3 p-4 sm:grid-cols-[1fr_auto] sm:items-start" aria-label={`${request.name}: ${formatDayRange(request.startsOn, request.endsOn)}`}>
                  <div className="grid gap-1 text-sm">
                    <p>
                      <span className="font-medium">{request.name}</span> <span className="text-muted-foreground">· {request.email}</span>
                    </p>
                    <p>
                      <span className="font-medium">{formatDayRange(request.startsOn, request.endsOn)}</span> <span className="text-muted-foreground">({dayCount(request.startsOn, request.endsOn)})</span>
                    </p>
                    {request.note ? <p className="text-muted-foreground">“{request.note}”</p> : null}
                    <p className="text-xs text-muted-foreground">
                      Requested <LocalTime iso={request.requestedAt} />
                    </p>
                  </div>
                  {request.over ? (
                    <p className="max-w-56 text-sm text-muted-foreground">This leave is over: it can no longer be approved or declined.</p>
                  ) : request.own ? (
                    <p className="max-w-56 text-sm text-muted-foreground">Your own request: another approver decides it.</p>
                  ) : (
                    <DecisionButtons requestId={request.id} name={request.name} range={formatDayRange(request.startsOn, request.endsOn)} />
                  )}
                </li>
              ))}
            </ul>
          </CardContent>
        )}
      </Card>
      {decided.length > 0 ? (
        <Card aria-labelledby="leave-decided-title">
          <CardHeader>
            <CardTitle id="leave-decided-title">Recently decided</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="divide-y divide-border text-sm" data-testid="leave-decided">
              {decided.map((request) => (
                <li key={request.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                  <span className="font-medium">{request.name}</span>
                  <span>{formatDayRange(request.startsOn, request.endsOn)}</span>
                  <LeaveStatusBadge status={request.status} />
                  {request.decidedBy ? <span className="text-muted-foreground">by {request.decidedBy}{request.decisionNote ? `: “${request.decisionNote}”` : ''}</span> : null}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
