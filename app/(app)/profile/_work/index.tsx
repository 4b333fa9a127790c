import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { actorOf, requireMember } from '@/lib/auth/current';
import { listMyLeave } from '@/lib/dal/leave/request-leave';
import { getMyWork } from '@/lib/dal/profile/save-work-schedule';
import { supportedTimeZones } from '@/lib/validation/work';
import { LeaveSection } from './leave-section';
import { ScheduleEditor } from './schedule-editor';
import { WorkplaceForm } from './workplace-form';

/** The profile's work sections: schedule and time zone, workplace, leave. Each saves on its own. */
export async function WorkSections() {
  const session = await requireMember();
  const actor = actorOf(session);
  const [work, leave] = await Promise.all([getMyWork(actor), listMyLeave(actor)]);
  return (
    <>
      <Card aria-labelledby="work-schedule-title">
        <CardHeader>
          <CardTitle id="work-schedule-title">Work schedule</CardTitle>
          <CardDescription>Your usual hours in {session.membership.accountName}, day by day. Several intervals a day are fine (a lunch break, a split shift).</CardDescription>
        </CardHeader>
        <CardContent>
          {/* The server's list: it is the one the save is checked against. */}
          <ScheduleEditor initialDays={work.days} initialTimeZone={work.timeZone} timeZones={supportedTimeZones()} />
        </CardContent>
      </Card>
      <Card aria-labelledby="workplace-title">
        <CardHeader>
          <CardTitle id="workplace-title">Workplace</CardTitle>
          <CardDescription>Where your colleagues can find you.</CardDescription>
        </CardHeader>
        <CardContent>
          <WorkplaceForm initial={work.workplace} />
        </CardContent>
      </Card>
      <Card aria-labelledby="leave-title">
        <CardHeader>
          <CardTitle id="leave-title">Leave</CardTitle>
          <CardDescription>Request days off; an approver decides and you get an email. Approved leave shows on the team’s dashboard.</CardDescription>
        </CardHeader>
        <CardContent>
          <LeaveSection today={leave.today} requests={leave.requests} />
        </CardContent>
      </Card>
    </>
  );
}
