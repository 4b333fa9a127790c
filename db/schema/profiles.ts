import { sql } from 'drizzle-orm';
import { check, date, index, pgEnum, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt, id, updatedAt } from './columns';
import { memberships } from './memberships';

export const workplaceKinds = ['office', 'remote', 'place'] as const;
export type WorkplaceKind = (typeof workplaceKinds)[number];
export const workplaceKind = pgEnum('workplace_kind', workplaceKinds);

/** Where a member works in this account: the office, remote, or a named place. */
export const memberWorkplaces = pgTable(
  'member_workplaces',
  {
    membershipId: uuid()
      .primaryKey()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    kind: workplaceKind().notNull(),
    placeName: text(),
    updatedAt: updatedAt(),
  },
  (t) => [check('member_workplaces_place_named', sql`(${t.kind} = 'place') = (${t.placeName} is not null and char_length(${t.placeName}) between 1 and 120)`)],
);

/**
 * A member's working hours in this account: intervals per day of the week (0 = Monday … 6 = Sunday), in
 * minutes after midnight of the member's time zone. Several a day; the application refuses overlaps.
 */
export const workScheduleIntervals = pgTable(
  'work_schedule_intervals',
  {
    id: id(),
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    weekday: smallint().notNull(),
    startMinute: smallint().notNull(),
    endMinute: smallint().notNull(),
  },
  (t) => [
    index('work_schedule_intervals_membership_idx').on(t.membershipId, t.weekday),
    check('work_schedule_weekday', sql`${t.weekday} between 0 and 6`),
    check('work_schedule_bounds', sql`${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.endMinute} > ${t.startMinute}`),
  ],
);

export const leaveStatuses = ['pending', 'approved', 'declined', 'cancelled'] as const;
export type LeaveStatus = (typeof leaveStatuses)[number];
export const leaveStatus = pgEnum('leave_status', leaveStatuses);

/** Leave from one day to another (both included), requested by the member, decided by an approver. */
export const leaveRequests = pgTable(
  'leave_requests',
  {
    id: id(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    note: text().notNull().default(''),
    status: leaveStatus().notNull().default('pending'),
    decidedByMembershipId: uuid().references(() => memberships.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('leave_requests_membership_idx').on(t.membershipId, t.startsOn),
    index('leave_requests_account_idx').on(t.accountId, t.status, t.endsOn),
    check('leave_requests_order', sql`${t.endsOn} >= ${t.startsOn}`),
    check('leave_requests_note_length', sql`char_length(${t.note}) <= 500`),
  ],
);

export type LeaveRequest = typeof leaveRequests.$inferSelect;
export type WorkScheduleInterval = typeof workScheduleIntervals.$inferSelect;
