import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { memberWorkplaces, users, workScheduleIntervals } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { canonicalTimeZone, formatInterval, scheduleProblems, WEEKDAYS, type MinuteInterval, type Workplace } from '@/lib/validation/work';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';

export interface MyWork {
  timeZone: string | null;
  /** Seven days (0 = Monday), each with its intervals in order. */
  days: MinuteInterval[][];
  workplace: Workplace | null;
}

/** The actor's own schedule, time zone and workplace in this account. Needs only a membership: it is their own. */
export async function getMyWork(actor: Actor): Promise<MyWork> {
  const db = await getDb();
  const [person, intervals, workplace] = await Promise.all([
    db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, actor.userId)),
    db
      .select({ weekday: workScheduleIntervals.weekday, startMinute: workScheduleIntervals.startMinute, endMinute: workScheduleIntervals.endMinute })
      .from(workScheduleIntervals)
      .where(eq(workScheduleIntervals.membershipId, actor.membershipId))
      .orderBy(asc(workScheduleIntervals.weekday), asc(workScheduleIntervals.startMinute)),
    db.select({ kind: memberWorkplaces.kind, placeName: memberWorkplaces.placeName }).from(memberWorkplaces).where(eq(memberWorkplaces.membershipId, actor.membershipId)),
  ]);
  return {
    timeZone: person[0]?.timeZone ?? null,
    days: WEEKDAYS.map((_, weekday) => intervals.filter((row) => row.weekday === weekday).map(({ startMinute, endMinute }) => ({ startMinute, endMinute }))),
    workplace: workplace[0] ?? null,
  };
}

/** "Mon 09:00–12:00, 13:00–17:00; Tue …" for the audit log. */
function describeWeek(days: MinuteInterval[][]): string {
  return (
    days
      .map((intervals, weekday) => (intervals.length ? `${WEEKDAYS[weekday]!.slice(0, 3)} ${intervals.map((i) => formatInterval(i.startMinute, i.endMinute)).join(', ')}` : null))
      .filter(Boolean)
      .join('; ') || 'no hours'
  );
}

/**
 * Replaces the actor's whole week in one transaction and sets their time zone (a person's, shared by all
 * their accounts). Needs only a membership: it is their own. Refuses (invalid, with a message per day)
 * overlapping intervals, an end not after its start, times outside the day, too many intervals in a day,
 * and a time zone this server does not know.
 */
export async function saveWorkSchedule(actor: Actor, input: { timeZone: string | null; days: MinuteInterval[][] }, meta?: RequestMeta): Promise<void> {
  if (input.days.length !== 7) throw new DalError('invalid', 'A schedule has seven days.');
  const problems = scheduleProblems(input.days);
  const timeZone = input.timeZone === null ? null : canonicalTimeZone(input.timeZone);
  if (input.timeZone !== null && timeZone === null) problems.timeZone = 'Choose a time zone from the list.';
  const first = Object.values(problems)[0];
  if (first) throw new DalError('invalid', first, problems);

  const before = await getMyWork(actor);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ timeZone, updatedAt: now() }).where(eq(users.id, actor.userId));
    await tx.delete(workScheduleIntervals).where(eq(workScheduleIntervals.membershipId, actor.membershipId));
    const rows = input.days.flatMap((intervals, weekday) => intervals.map(({ startMinute, endMinute }) => ({ membershipId: actor.membershipId, weekday, startMinute, endMinute })));
    if (rows.length) await tx.insert(workScheduleIntervals).values(rows);
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'profile.schedule_saved',
      targetType: 'membership',
      targetId: actor.membershipId,
      targetLabel: actor.name,
      before: { timeZone: before.timeZone, week: describeWeek(before.days) },
      after: { timeZone, week: describeWeek(input.days) },
      meta,
    });
  });
}

/** Sets where the actor works in this account. Needs only a membership. Refuses a named place without a name. */
export async function saveWorkplace(actor: Actor, input: Workplace, meta?: RequestMeta): Promise<void> {
  const placeName = input.kind === 'place' ? (input.placeName ?? '').trim() : null;
  if (input.kind === 'place' && !placeName) throw new DalError('invalid', 'Name the place where you work.', { placeName: 'Name the place where you work.' });
  if (placeName && placeName.length > 120) throw new DalError('invalid', 'A place name has at most 120 characters.', { placeName: 'A place name has at most 120 characters.' });
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ kind: memberWorkplaces.kind, placeName: memberWorkplaces.placeName }).from(memberWorkplaces).where(eq(memberWorkplaces.membershipId, actor.membershipId));
    await tx
      .insert(memberWorkplaces)
      .values({ membershipId: actor.membershipId, kind: input.kind, placeName })
      .onConflictDoUpdate({ target: memberWorkplaces.membershipId, set: { kind: input.kind, placeName, updatedAt: now() } });
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'profile.workplace_saved',
      targetType: 'membership',
      targetId: actor.membershipId,
      targetLabel: actor.name,
      before: before ?? null,
      after: { kind: input.kind, placeName },
      meta,
    });
  });
}
