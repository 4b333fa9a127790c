import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, ne, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { accounts, leaveRequests, memberships, users, workScheduleIntervals, type LeaveStatus } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { leaveDecisionMail } from '@/lib/mail/leave-templates';
import { addDays, calendarDateIn, formatDay, formatDayRange, weekdayOf } from '@/lib/validation/work';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { enqueueMail } from '@/lib/dal/ops/mail-outbox';
import { leaveToday, personName } from './request-leave';

// The team's side of leave: approving and declining requests, and who is away. The member's own side
// (requesting, cancelling, their list) is in lib/dal/leave/request-leave.ts.

/**
 * Whether leave is over for deciding it: its last day is before today for the approver or for the member,
 * whichever is further ahead. The member's own "past" (their profile's read-only) is respected, and a
 * member who sets a time zone behind where they are cannot get leave that is over approved after all.
 */
const isOverForDecision = (endsOn: string, approverToday: string, memberTimeZone: string | null) =>
  endsOn < approverToday || endsOn < calendarDateIn(now(), memberTimeZone);

export interface LeaveForApproval {
  id: string;
  membershipId: string;
  name: string;
  email: string;
  startsOn: string;
  endsOn: string;
  note: string;
  status: LeaveStatus;
  requestedAt: string;
  decidedBy: string | null;
  decisionNote: string | null;
  own: boolean;
  /** Its last day is over (for the approver or the member): it can no longer be decided. */
  over: boolean;
}

/**
 * The account's pending requests (oldest first) and its latest decisions, for approvers. Needs
 * leave.approve. Only this account's requests are read.
 */
export async function listLeaveForApproval(actor: Actor): Promise<{ pending: LeaveForApproval[]; decided: LeaveForApproval[] }> {
  await requirePermission(actor, 'leave.approve');
  const approverToday = await leaveToday(actor);
  const db = await getDb();
  const deciders = alias(memberships, 'deciders');
  const deciderUsers = alias(users, 'decider_users');
  const rows = (where: SQL | undefined, order: SQL[], limit: number) =>
    db
      .select({
        request: leaveRequests,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        timeZone: users.timeZone,
        deciderFirst: deciderUsers.firstName,
        deciderLast: deciderUsers.lastName,
        deciderEmail: deciderUsers.email,
      })
      .from(leaveRequests)
      .innerJoin(memberships, eq(memberships.id, leaveRequests.membershipId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(deciders, eq(deciders.id, leaveRequests.decidedByMembershipId))
      .leftJoin(deciderUsers, eq(deciderUsers.id, deciders.userId))
      .where(where)
      .orderBy(...order)
      .limit(limit);
  const [pending, decided] = await Promise.all([
    rows(and(eq(leaveRequests.accountId, actor.accountId), eq(leaveRequests.status, 'pending')), [asc(leaveRequests.startsOn), asc(leaveRequests.createdAt)], 500),
    rows(
      and(eq(leaveRequests.accountId, actor.accountId), inArray(leaveRequests.status, ['approved', 'declined']), isNotNull(leaveRequests.decidedAt)),
      [desc(leaveRequests.decidedAt)],
      20,
    ),
  ]);
  const shape = (row: Awaited<ReturnType<typeof rows>>[number]): LeaveForApproval => ({
    id: row.request.id,
    membershipId: row.request.membershipId,
    name: personName(row),
    email: row.email,
    startsOn: row.request.startsOn,
    endsOn: row.request.endsOn,
    note: row.request.note,
    status: row.request.status,
    requestedAt: row.request.createdAt.toISOString(),
    decidedBy: row.deciderEmail ? personName({ firstName: row.deciderFirst ?? '', lastName: row.deciderLast ?? '', email: row.deciderEmail }) : null,
    decisionNote: row.request.decisionNote,
    own: row.request.membershipId === actor.membershipId,
    over: isOverForDecision(row.request.endsOn, approverToday, row.timeZone),
  });
  return { pending: pending.map(shape), decided: decided.map(shape) };
}

/**
 * Approves or declines a pending request of this account, with an optional note; the member is told by
 * mail (their verified contact email, else their login email) in the same transaction. Needs
 * leave.approve. Refuses (forbidden) deciding one's own request — an approver's leave needs another
 * approver —, (not found) another account's request, and (conflict) a request no longer pending or whose
 * last day is over (past leave is read-only).
 */
export async function decideLeave(
  actor: Actor,
  input: { requestId: string; decision: 'approve' | 'decline'; note: string },
  context: { origin: string },
  meta?: RequestMeta,
): Promise<{ name: string; status: 'approved' | 'declined' }> {
  await requirePermission(actor, 'leave.approve');
  const status = input.decision === 'approve' ? 'approved' : 'declined';
  const approverToday = await leaveToday(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        request: leaveRequests,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        timeZone: users.timeZone,
        contactEmail: users.contactEmail,
        contactEmailVerifiedAt: users.contactEmailVerifiedAt,
        accountName: accounts.name,
      })
      .from(leaveRequests)
      .innerJoin(memberships, eq(memberships.id, leaveRequests.membershipId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(accounts, eq(accounts.id, leaveRequests.accountId))
      .where(and(eq(leaveRequests.id, input.requestId), eq(leaveRequests.accountId, actor.accountId)))
      .for('update', { of: leaveRequests });
    if (!row) throw new DalError('not_found', 'That leave request does not exist.');
    const { request } = row;
    if (request.membershipId === actor.membershipId) {
      throw new DalError('forbidden', 'You cannot decide your own leave: another approver has to.');
    }
    if (request.status !== 'pending') throw new DalError('conflict', `This request is already ${request.status}.`);
    if (isOverForDecision(request.endsOn, approverToday, row.timeZone)) {
      throw new DalError('conflict', `This leave is over (its last day was ${formatDay(request.endsOn)}): past leave can no longer be approved or declined.`);
    }
    const at = now();
    const name = personName(row);
    await tx
      .update(leaveRequests)
      .set({ status, decidedByMembershipId: actor.membershipId, decidedAt: at, decisionNote: input.note || null, updatedAt: at })
      .where(eq(leaveRequests.id, request.id));
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: `leave.${status}`,
      targetType: 'leave_request',
      targetId: request.id,
      targetLabel: `${name}: ${formatDayRange(request.startsOn, request.endsOn)}`,
      before: { status: 'pending' },
      after: { status, note: input.note || null },
      meta,
    });
    const mail = leaveDecisionMail({
      firstName: row.firstName,
      accountName: row.accountName,
      approverName: actor.name,
      decision: status,
      startsOn: request.startsOn,
      endsOn: request.endsOn,
      note: input.note,
      url: `${context.origin}/profile`,
    });
    const to = row.contactEmail && row.contactEmailVerifiedAt ? row.contactEmail : row.email;
    await enqueueMail(tx, { ...mail, to, accountId: actor.accountId, subjectRef: `leave:${request.id}` });
    return { name, status };
  });
}

export interface AwayMember {
  requestId: string;
  membershipId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  /** The first working day after the leave (by their schedule, skipping adjoining leave). */
  backOn: string;
}

/**
 * The account's approved leave that is under way today or starts within `days`: who is away and when
 * they are back. Open to every member of the account (Guests too): the whole team sees who is away.
 */
export async function listWhoIsAway(actor: Actor, days = 30): Promise<{ today: string; away: AwayMember[]; upcoming: AwayMember[] }> {
  const today = await leaveToday(actor);
  const horizon = addDays(today, days);
  const db = await getDb();
  const rows = await db
    .select({ request: leaveRequests, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(leaveRequests)
    .innerJoin(memberships, eq(memberships.id, leaveRequests.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(leaveRequests.accountId, actor.accountId),
        eq(leaveRequests.status, 'approved'),
        ne(memberships.status, 'deactivated'),
        gte(leaveRequests.endsOn, today),
        lte(leaveRequests.startsOn, horizon),
      ),
    )
    .orderBy(asc(leaveRequests.startsOn), asc(users.firstName));
  if (rows.length === 0) return { today, away: [], upcoming: [] };

  const membershipIds = [...new Set(rows.map((row) => row.request.membershipId))];
  const [workdays, laterLeave] = await Promise.all([
    db
      .selectDistinct({ membershipId: workScheduleIntervals.membershipId, weekday: workScheduleIntervals.weekday })
      .from(workScheduleIntervals)
      .where(inArray(workScheduleIntervals.membershipId, membershipIds)),
    // Leave that may adjoin the listed leave beyond the horizon, so "back on" skips it too.
    db
      .select({ membershipId: leaveRequests.membershipId, startsOn: leaveRequests.startsOn, endsOn: leaveRequests.endsOn })
      .from(leaveRequests)
      .where(and(inArray(leaveRequests.membershipId, membershipIds), eq(leaveRequests.status, 'approved'), gte(leaveRequests.endsOn, today))),
  ]);
  const working = new Map<string, Set<number>>();
  for (const { membershipId, weekday } of workdays) working.set(membershipId, (working.get(membershipId) ?? new Set()).add(weekday));

  const backOn = (membershipId: string, endsOn: string): string => {
    const own = laterLeave.filter((leave) => leave.membershipId === membershipId);
    const weekdays = working.get(membershipId);
    let day = addDays(endsOn, 1);
    // Bounded walk: a year of adjoining leave and days off is already beyond what anyone plans.
    for (let step = 0; step < 400; step++) {
      const onLeave = own.find((leave) => leave.startsOn <= day && leave.endsOn >= day);
      if (onLeave) day = addDays(onLeave.endsOn, 1);
      else if (weekdays && weekdays.size > 0 && !weekdays.has(weekdayOf(day))) day = addDays(day, 1);
      else break;
    }
    return day;
  };

  const shaped = rows.map(({ request, ...person }) => ({
    requestId: request.id,
    membershipId: request.membershipId,
    name: personName(person),
    startsOn: request.startsOn,
    endsOn: request.endsOn,
    backOn: backOn(request.membershipId, request.endsOn),
  }));
  return {
    today,
    away: shaped.filter((leave) => leave.startsOn <= today).sort((a, b) => a.backOn.localeCompare(b.backOn) || a.name.localeCompare(b.name)),
    upcoming: shaped.filter((leave) => leave.startsOn > today),
  };
}
