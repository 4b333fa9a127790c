import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveWorkplaceAction, saveWorkScheduleAction } from '@/app/(app)/profile/_work/actions';
import { getDb } from '@/db/client';
import { auditLog, memberWorkplaces, users, workScheduleIntervals } from '@/db/schema';
import { getMyWork, saveWorkSchedule } from '@/lib/dal/profile/save-work-schedule';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

type Interval = { start: string; end: string };
const week = (days: Partial<Record<number, Interval[]>> = {}) => Array.from({ length: 7 }, (_, weekday) => days[weekday] ?? []);
const office = [
  { start: '09:00', end: '12:30' },
  { start: '13:30', end: '17:30' },
];

let account: Account;

beforeAll(async () => {
  account = await createAccount('Schedule Co');
});

async function storedIntervals(membershipId: string) {
  const db = await getDb();
  return db
    .select({ weekday: workScheduleIntervals.weekday, startMinute: workScheduleIntervals.startMinute, endMinute: workScheduleIntervals.endMinute })
    .from(workScheduleIntervals)
    .where(eq(workScheduleIntervals.membershipId, membershipId))
    .orderBy(workScheduleIntervals.weekday, workScheduleIntervals.startMinute);
}

describe('the work schedule', () => {
  it('saves several intervals a day and the time zone, replacing the whole week, and audits it', async () => {
    const member = await createMember(account.accountId, { role: 'user' });
    await actAs(member.email);
    expect(await saveWorkScheduleAction({ timeZone: 'Europe/Berlin', days: week({ 0: office, 4: [{ start: '08:00', end: '14:00' }] }) })).toEqual({ ok: true, data: null });
    expect(await storedIntervals(member.membershipId)).toEqual([
      { weekday: 0, startMinute: 540, endMinute: 750 },
      { weekday: 0, startMinute: 810, endMinute: 1050 },
      { weekday: 4, startMinute: 480, endMinute: 840 },
    ]);

    // Saving again replaces everything: Monday's hours are gone, Tuesday's arrive; an end of 00:00 is midnight.
    expect(await saveWorkScheduleAction({ timeZone: 'America/New_York', days: week({ 1: [{ start: '22:00', end: '00:00' }] }) })).toMatchObject({ ok: true });
    expect(await storedIntervals(member.membershipId)).toEqual([{ weekday: 1, startMinute: 1320, endMinute: 1440 }]);
    const work = await getMyWork(actorOf(member));
    expect(work.timeZone).toBe('America/New_York');
    expect(work.days[1]).toEqual([{ startMinute: 1320, endMinute: 1440 }]);

    const db = await getDb();
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.targetId, member.membershipId), eq(auditLog.action, 'profile.schedule_saved')));
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ before: { timeZone: 'Europe/Berlin' }, after: { timeZone: 'America/New_York', week: 'Tue 22:00–24:00' } });
  });

  it('refuses overlapping intervals with the message beside the day, and changes nothing', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await saveWorkScheduleAction({ timeZone: 'UTC', days: week({ 0: office }) });
    const result = await saveWorkScheduleAction({ timeZone: 'UTC', days: week({ 2: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] }) });
    expect(result).toEqual({ ok: false, code: 'invalid', message: '09:00–12:00 overlaps 11:00–13:00.', fieldErrors: { 'day-2': '09:00–12:00 overlaps 11:00–13:00.' } });
    expect(await storedIntervals(member.membershipId)).toHaveLength(2);
  });

  it('refuses overlaps whatever the order they are entered in, and accepts intervals that only touch', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await saveWorkScheduleAction({ timeZone: '', days: week({ 3: [{ start: '14:00', end: '18:00' }, { start: '08:00', end: '15:00' }] }) })).toMatchObject({
      ok: false,
      fieldErrors: { 'day-3': '08:00–15:00 overlaps 14:00–18:00.' },
    });
    expect(await saveWorkScheduleAction({ timeZone: '', days: week({ 3: [{ start: '12:00', end: '18:00' }, { start: '08:00', end: '12:00' }] }) })).toMatchObject({ ok: true });
    expect(await storedIntervals(member.membershipId)).toEqual([
      { weekday: 3, startMinute: 480, endMinute: 720 },
      { weekday: 3, startMinute: 720, endMinute: 1080 },
    ]);
  });

  it('refuses an end that is not after its start', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await saveWorkScheduleAction({ timeZone: '', days: week({ 0: [{ start: '10:00', end: '09:00' }] }) })).toMatchObject({
      ok: false,
      fieldErrors: { 'day-0': '10:00–09:00: the end must come after the start.' },
    });
    expect(await saveWorkScheduleAction({ timeZone: '', days: week({ 6: [{ start: '10:00', end: '10:00' }] }) })).toMatchObject({ ok: false, fieldErrors: { 'day-6': expect.stringContaining('end must come after the start') } });
    expect(await storedIntervals(member.membershipId)).toEqual([]);
  });

  it('refuses times outside the day, malformed times, too many intervals a day and a week without seven days', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await saveWorkScheduleAction({ timeZone: '', days: week({ 1: [{ start: '25:00', end: '26:00' }] }) })).toMatchObject({ ok: false, fieldErrors: { 'day-1': 'Enter each start and end as a time, like 09:00.' } });
    expect(await saveWorkScheduleAction({ timeZone: '', days: week({ 1: [{ start: 'nine', end: '17:00' }] }) })).toMatchObject({ ok: false, fieldErrors: { 'day-1': expect.any(String) } });
    const seven = Array.from({ length: 7 }, (_, hour) => ({ start: `${String(hour + 8).padStart(2, '0')}:00`, end: `${String(hour + 8).padStart(2, '0')}:30` }));
    expect(await saveWorkScheduleAction({ timeZone: '', days: week({ 5: seven }) })).toMatchObject({ ok: false, fieldErrors: { 'day-5': 'A day has at most 6 intervals.' } });
    expect(await saveWorkScheduleAction({ timeZone: '', days: [[], []] })).toMatchObject({ ok: false, code: 'invalid' });
    // The data layer checks again, for callers that skip the form's schema.
    await expect(saveWorkSchedule(actorOf(member), { timeZone: null, days: [[{ startMinute: 1400, endMinute: 1500 }], [], [], [], [], [], []] })).rejects.toMatchObject({
      code: 'invalid',
      fieldErrors: { 'day-0': 'Times must lie within the day (00:00 to 24:00).' },
    });
    expect(await storedIntervals(member.membershipId)).toEqual([]);
  });

  it('refuses a time zone the server does not know, on the form and in the data layer', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await saveWorkScheduleAction({ timeZone: 'Mars/Olympus_Mons', days: week({ 0: office }) })).toMatchObject({ ok: false, fieldErrors: { timeZone: 'Choose a time zone from the list.' } });
    await expect(saveWorkSchedule(actorOf(member), { timeZone: 'Not/AZone', days: week().map(() => []) })).rejects.toMatchObject({ code: 'invalid', fieldErrors: { timeZone: expect.any(String) } });
    const db = await getDb();
    const [person] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, member.userId));
    expect(person?.timeZone).toBeNull();
    expect(await storedIntervals(member.membershipId)).toEqual([]);
  });

  it('keeps the schedule per account and the time zone per person; a Guest edits their own too', async () => {
    const guest = await createMember(account.accountId, { role: 'guest' });
    // Signed in before the second membership exists, so the session is in the first account.
    await actAs(guest.email);
    const other = await createAccount('Second Co');
    const second = await createMember(other.accountId, { email: guest.email, role: 'user' });
    expect(await saveWorkScheduleAction({ timeZone: 'Asia/Tokyo', days: week({ 0: office }) })).toMatchObject({ ok: true });
    const there = await getMyWork(actorOf(second));
    expect(there.days.flat()).toEqual([]);
    expect(there.timeZone).toBe('Asia/Tokyo');
    expect((await getMyWork(actorOf(guest))).days[0]).toHaveLength(2);
  });
});

describe('the workplace', () => {
  it('refuses a named place without a name, beside the field', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await saveWorkplaceAction({ kind: 'place', placeName: '   ' })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { placeName: 'Name the place where you work.' } });
    expect(await saveWorkplaceAction({ kind: 'place', placeName: 'x'.repeat(121) })).toMatchObject({ ok: false, fieldErrors: { placeName: expect.stringContaining('120') } });
    expect(await saveWorkplaceAction({ kind: 'moon' })).toMatchObject({ ok: false, fieldErrors: { kind: 'Choose where you work.' } });
    const db = await getDb();
    expect(await db.select().from(memberWorkplaces).where(eq(memberWorkplaces.membershipId, member.membershipId))).toEqual([]);
  });

  it('saves a named place, then remote (forgetting the name), and audits both', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await saveWorkplaceAction({ kind: 'place', placeName: ' Berlin warehouse ' })).toEqual({ ok: true, data: null });
    expect((await getMyWork(actorOf(member))).workplace).toEqual({ kind: 'place', placeName: 'Berlin warehouse' });
    expect(await saveWorkplaceAction({ kind: 'remote', placeName: 'ignored' })).toMatchObject({ ok: true });
    expect((await getMyWork(actorOf(member))).workplace).toEqual({ kind: 'remote', placeName: null });
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.targetId, member.membershipId), eq(auditLog.action, 'profile.workplace_saved')));
    expect(entries.map((entry) => entry.after)).toEqual([
      { kind: 'place', placeName: 'Berlin warehouse' },
      { kind: 'remote', placeName: null },
    ]);
  });
});
