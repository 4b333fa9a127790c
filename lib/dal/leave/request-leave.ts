import 'server-only';
import { and, asc, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Tx } from '@/db/client';
import { leaveRequests, memberships, users, type LeaveStatus } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { calendarDateIn, formatDay, formatDayRange, type LeaveRequestInput } from '@/lib/validation/work';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';

/** Leave that counts: a new request may not overlap it. */
const STANDING: LeaveStatus[] = ['pending', 'approved'];

/**
 * Today in the actor's own time zone (UTC when they have none), by the injectable clock. Members pick their
 * time zone freely (there is no account zone), so this date is trusted only where a later one cannot help
 * them: what they see, and the first day of a new request (anyone may ask for their own today; an approver
 * decides, and cannot decide leave that is over for them: see isOverForDecision in lib/dal/leave/decide-leave.ts). Whether approved leave has
 * begun is judged by the furthest-ahead date on earth instead: see latestDateOnEarth.
 */
export async function leaveToday(actor: Actor): Promise<string> {
  const db = await getDb();
  const [person] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, actor.userId));
  return calendarDateIn(now(), person?.timeZone ?? null);
}

export const personName = (row: { firstName: string; lastName: string; email: string }) => `${row.firstName} ${row.lastName}`.trim() || row.email;

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
