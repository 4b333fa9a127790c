import 'server-only';
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, ne, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Tx } from '@/db/client';
import { accounts, leaveRequests, memberships, users, workScheduleIntervals, type LeaveStatus } from '@/db/schema';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { leaveDecisionMail } from '@/lib/mail/leave-templates';
import { addDays, calendarDateIn, formatDay, formatDayRange, weekdayOf, type LeaveRequestInput } from '@/lib/validation/work';
import { requirePermission, type Actor } from './access';
import { recordAudit } from './audit';
import { DalError } from './errors';
import { enqueueMail } from './outbox';

/** Leave that counts: a new request may not overlap it. */
const STANDING: LeaveStatus[] = ['pending', 'approved'];

/**
 * Today in the actor's own time zone (UTC when they have none), by the injectable clock. Members pick their
 * time zone freely (there is no account zone), so this date is trusted only where a later one cannot help
 * them: what they see, and the first day of a new request (anyone may ask for their own today; an approver
 * decides, and cannot decide leave that is over for them: see isOverForDecision). Whether approved leave has
 * begun is judged by the furthest-ahead date on earth instead: see latestDateOnEarth.
 */
export async function leaveToday(actor: Actor): Promise<string> {
  const db = await getDb();
  const [person] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, actor.userId));
  return calendarDateIn(now(), person?.timeZone ?? null);
}

/**
 * Whether leave is over for deciding it: its last day is before today for the approver or for the member,
 * whichever is further ahead. The member's own "past" (their profile's read-only) is respected, and a
 * member who sets a time zone behind where they are cannot get leave that is over approved after all.
 */
const isOverForDecision = (endsOn: string, approverToday: string, memberTimeZone: string | null) =>
  endsOn < approverToday || endsOn < calendarDateIn(now(), memberTimeZone);

const personName = (row: { firstName: string; lastName: string; email: string }) => `${row.firstName} ${row.lastName}`.trim() || row.email;

/** Holds the membership's row for the rest of the transaction, so two requests of one member are checked one after the other. */
async function lockMembership(tx: Tx, membershipId: string): Promise<void> {
  await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.id, membershipId)).for('update');
}

/**
 * Requests leave for the actor (both days included). Needs only a membership: everyone may ask. Refuses
 * (invalid) a first day before today, a last day before the first, and (conflict, naming the clash) any
 * overlap with the member's own pending or approved leave. Concurrent requests of one member are
 * serialised on their membership row, so two overlapping requests cannot both pass.
 */
export async function requestLeave(actor: Actor, input: LeaveRequestInput, meta?: RequestMeta): Promise<{ id: string }> {
  if (input.endsOn < input.startsOn) throw new DalError('invalid', 'The last day cannot come before the first day.', { endsOn: 'The last day cannot come before the first day.' });
  const today = await leaveToday(actor);
  if (input.startsOn < today) throw new DalError('invalid', 'Leave cannot start in the past.', { startsOn: `Choose today (${formatDay(today)}) or a later day.` });
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockMembership(tx, actor.membershipId);
    const [clash] = await tx
      .select({ startsOn: leaveRequests.startsOn, endsOn: leaveRequests.endsOn, status: leaveRequests.status })
      .from(leaveRequests)
      .where(
        and(
          eq(leaveRequests.membershipId, actor.membershipId),
          inArray(leaveRequests.status, STANDING),
          lte(leaveRequests.startsOn, input.endsOn),
          gte(leaveRequests.endsOn, input.startsOn),
        ),
      )
      .orderBy(asc(leaveRequests.startsOn))
      .limit(1);
    if (clash) {
      const message = `These dates overlap your ${clash.status} leave ${formatDayRange(clash.startsOn, clash.endsOn)}.`;
      throw new DalError('conflict', message, { startsOn: message });
    }
    const [row] = await tx
      .insert(leaveRequests)
      .values({ accountId: actor.accountId, membershipId: actor.membershipId, startsOn: input.startsOn, endsOn: input.endsOn, note: input.note })
      .returning({ id: leaveRequests.id });
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'leave.requested',
      targetType: 'leave_request',
      targetId: row!.id,
      targetLabel: `${actor.name}: ${formatDayRange(input.startsOn, input.endsOn)}`,
      after: { startsOn: input.startsOn, endsOn: input.endsOn, note: input.note },
      meta,
    });
    return { id: row!.id };
  });
}

/**
 * The furthest-ahead calendar date on earth now: the date in Pacific/Kiritimati (UTC+14). Approved leave has
 * begun once its first day has begun anywhere, so a member who sets a time zone behind where they really are
 * cannot withdraw leave that has already begun there. The price for honest members: approved leave can be
 * withdrawn only until its first day begins somewhere, for most of the world during the day before.
 */
export const latestDateOnEarth = (): string => calendarDateIn(now(), 'Pacific/Kiritimati');

/**
 * Whether the member may still withdraw a request: pending and not over by their own date (withdrawing a
 * request takes back nothing granted), or approved and begun nowhere on earth.
 */
export function isCancellable(request: { status: LeaveStatus; startsOn: string; endsOn: string }, today: string): boolean {
  if (request.status === 'pending') return request.endsOn >= today;
  if (request.status === 'approved') return request.startsOn > latestDateOnEarth();
  return false;
}

/**
 * Withdraws one of the actor's own requests. Needs only a membership; another member's request is not
 * found. Refuses (conflict) leave that is over (read-only), approved leave whose first day has begun
 * anywhere on earth, and requests already declined or cancelled.
 */
export async function cancelLeave(actor: Actor, requestId: string, meta?: RequestMeta): Promise<void> {
  const today = await leaveToday(actor);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(leaveRequests)
      .where(and(eq(leaveRequests.id, requestId), eq(leaveRequests.membershipId, actor.membershipId), eq(leaveRequests.accountId, actor.accountId)))
      .for('update');
    if (!request) throw new DalError('not_found', 'That leave request does not exist.');
    if (request.endsOn < today) throw new DalError('conflict', 'This leave is in the past and can no longer be changed.');
    if (!isCancellable(request, today)) {
      if (request.status !== 'approved') throw new DalError('conflict', `This request is already ${request.status}.`);
      throw new DalError(
        'conflict',
        request.startsOn <= today
          ? 'This leave has already begun; it can no longer be cancelled.'
          : `Approved leave can be cancelled only until its first day begins anywhere in the world, and ${formatDay(request.startsOn)} already has begun in some time zones.`,
      );
    }
    await tx.update(leaveRequests).set({ status: 'cancelled', updatedAt: now() }).where(eq(leaveRequests.id, requestId));
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'leave.cancelled',
      targetType: 'leave_request',
      targetId: requestId,
      targetLabel: `${actor.name}: ${formatDayRange(request.startsOn, request.endsOn)}`,
      before: { status: request.status },
      after: { status: 'cancelled' },
      meta,
    });
  });
}

export interface MyLeave {
  id: string;
  startsOn: string;
  endsOn: string;
  note: string;
  status: LeaveStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  past: boolean;
  cancellable: boolean;
}

/** The actor's own leave requests in this account, latest first, with each decision. Needs only a membership. */
export async function listMyLeave(actor: Actor): Promise<{ today: string; requests: MyLeave[] }> {
  const today = await leaveToday(actor);
  const db = await getDb();
  const deciders = alias(memberships, 'deciders');
  const deciderUsers = alias(users, 'decider_users');
  const rows = await db
    .select({
      request: leaveRequests,
      firstName: deciderUsers.firstName,
      lastName: deciderUsers.lastName,
      email: deciderUsers.email,
    })
    .from(leaveRequests)
    .leftJoin(deciders, eq(deciders.id, leaveRequests.decidedByMembershipId))
    .leftJoin(deciderUsers, eq(deciderUsers.id, deciders.userId))
    .where(and(eq(leaveRequests.membershipId, actor.membershipId), eq(leaveRequests.accountId, actor.accountId)))
    .orderBy(desc(leaveRequests.startsOn), desc(leaveRequests.createdAt))
    .limit(100);
  return {
    today,
    requests: rows.map(({ request, firstName, lastName, email }) => ({
      id: request.id,
      startsOn: request.startsOn,
      endsOn: request.endsOn,
      note: request.note,
      status: request.status,
      decidedBy: email ? personName({ firstName: firstName ?? '', lastName: lastName ?? '', email }) : request.decidedAt ? 'a former member' : null,
      decidedAt: request.decidedAt?.toISOString() ?? null,
      decisionNote: request.decisionNote,
      past: request.endsOn < today,
      cancellable: isCancellable(request, today),
    })),
  };
}

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
