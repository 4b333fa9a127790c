import { CircleCheck, CircleX } from 'lucide-react';
import type { Metadata } from 'next';
import { LocalTime } from '@/components/local-time';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { stackedTable } from '@/components/ui/stacked-table';
import { cn } from '@/lib/utils';
import { actorOf, requireMember } from '@/lib/auth/current';
import { listMyRecentSignIns } from '@/lib/dal/sessions/list-my-sign-ins';
import { listWhoIsAway } from '@/lib/dal/leave/decide-leave';
import { describeDevice } from '@/lib/http/device';
import { WhosAway } from './_components/whos-away';
import { failureSuffix } from '@/components/auth/sign-in-failure';

export const metadata: Metadata = { title: 'Dashboard' };

const AWAY_HORIZON_DAYS = 30;

export default async function DashboardPage() {
  const session = await requireMember();
  const [signIns, team] = await Promise.all([listMyRecentSignIns(session.user.id), listWhoIsAway(actorOf(session), AWAY_HORIZON_DAYS)]);
  return (
    <div className="grid max-w-4xl gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Welcome, {session.user.firstName}</h1>
        <p className="text-muted-foreground">
          You are in <strong className="font-medium text-foreground">{session.membership.accountName}</strong> as{' '}
          {session.membership.roleNames.join(', ') || 'a member'}.
          {session.membership.accessExpiresAt ? (
            <>
              {' '}
              Your access ends <LocalTime iso={session.membership.accessExpiresAt} withZone />.
            </>
          ) : null}
        </p>
      </header>
      <WhosAway away={team.away} upcoming={team.upcoming} days={AWAY_HORIZON_DAYS} />
      <Card>
        <CardHeader>
          <CardTitle>Recent sign-ins</CardTitle>
          <CardDescription>Sign-ins and failed attempts on your login. Something you do not recognise? Sign out everywhere from the user menu and change your password.</CardDescription>
        </CardHeader>
        <CardContent>
          {signIns.length === 0 ? (
            <p className="text-sm text-muted-foreground">No sign-ins recorded yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table role="table" className={stackedTable.table} data-testid="recent-sign-ins">
                <thead role="rowgroup" className={stackedTable.head}>
                  <tr role="row">
                    <th role="columnheader" scope="col" className="py-2 pr-4 font-medium">When</th>
                    <th role="columnheader" scope="col" className="py-2 pr-4 font-medium">Result</th>
                    <th role="columnheader" scope="col" className="py-2 pr-4 font-medium">Device</th>
                    <th role="columnheader" scope="col" className="py-2 font-medium">IP address</th>
                  </tr>
                </thead>
                <tbody role="rowgroup" className={stackedTable.body}>
                  {signIns.map((event, index) => (
                    <tr role="row" key={`${event.at.toISOString()}-${index}`} className={stackedTable.row}>
                      <td role="cell" data-label="When" className={cn('py-2 pr-4 whitespace-nowrap', stackedTable.cell)}>
                        <LocalTime iso={event.at.toISOString()} />
                      </td>
                      <td role="cell" data-label="Result" className={cn('py-2 pr-4', stackedTable.cell)}>
                        {event.succeeded ? (
                          <span className="inline-flex items-center gap-1 text-emerald-700">
                            <CircleCheck className="size-4" aria-hidden /> Signed in
                          </span>
                        ) : (
                          <span className="inline-flex items-center gap-1 text-destructive">
                            <CircleX className="size-4" aria-hidden /> Failed
                            {failureSuffix(event.reason)}
                          </span>
                        )}
                      </td>
                      <td role="cell" data-label="Device" className={cn('py-2 pr-4', stackedTable.cell)}>{describeDevice(event.userAgent)}</td>
                      <td role="cell" data-label="IP address" className={cn('py-2', stackedTable.cell)}><span className="font-mono text-xs">{event.ip ?? '—'}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
