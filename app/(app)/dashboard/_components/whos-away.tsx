import { CalendarClock, Palmtree } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { AwayMember } from '@/lib/dal/leave/decide-leave';
import { formatDay, formatDayRange } from '@/lib/validation/work';

/** The team view: approved leave under way today and starting in the next 30 days, with return dates. */
export function WhosAway({ away, upcoming, days }: { away: AwayMember[]; upcoming: AwayMember[]; days: number }) {
  return (
    <Card aria-labelledby="whos-away-title" data-testid="whos-away">
      <CardHeader>
        <CardTitle id="whos-away-title">Who’s away</CardTitle>
        <CardDescription>Approved leave in your team, today and over the next {days} days.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <section className="grid gap-2" aria-labelledby="away-today-title">
          <h3 id="away-today-title" className="flex items-center gap-2 text-sm font-medium">
            <Palmtree className="size-4 text-muted-foreground" aria-hidden /> Away today
          </h3>
          {away.length === 0 ? (
            <p className="text-sm text-muted-foreground">Everyone is in today.</p>
          ) : (
            <ul className="grid gap-2" data-testid="away-today">
              {away.map((leave) => (
                <li key={leave.requestId} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 rounded-lg bg-muted/60 px-3 py-2 text-sm">
                  <span className="font-medium">{leave.name}</span>
                  <span className="text-muted-foreground">back on {formatDay(leave.backOn)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="grid gap-2" aria-labelledby="away-upcoming-title">
          <h3 id="away-upcoming-title" className="flex items-center gap-2 text-sm font-medium">
            <CalendarClock className="size-4 text-muted-foreground" aria-hidden /> Coming up
          </h3>
          {upcoming.length === 0 ? (
            <p className="text-sm text-muted-foreground">No leave planned in the next {days} days.</p>
          ) : (
            <ul className="divide-y divide-border text-sm" data-testid="away-upcoming">
              {upcoming.map((leave) => (
                <li key={leave.requestId} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                  <span>
                    <span className="font-medium">{leave.name}</span> <span className="text-muted-foreground">· {formatDayRange(leave.startsOn, leave.endsOn)}</span>
                  </span>
                  <span className="text-muted-foreground">back on {formatDay(leave.backOn)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </CardContent>
    </Card>
  );
}
