import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decideLeaveAction } from '@/app/(app)/leave/actions';
import { cancelLeaveAction, requestLeaveAction, saveWorkScheduleAction } from '@/app/(app)/profile/_work/actions';
import { getDb } from '@/db/client';
import { auditLog, leaveRequests, mailOutbox, users } from '@/db/schema';
import { requiredPermissionFor } from '@/lib/access/routes';
import { now, setClockOffset } from '@/lib/clock';
import { listMyLeave } from '@/lib/dal/leave/request-leave';
import { listLeaveForApproval, listWhoIsAway } from '@/lib/dal/leave/decide-leave';
import { addDays, calendarDateIn, weekdayOf } from '@/lib/validation/work';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

// The mail worker is not under test here: the outbox rows are.
vi.mock('@/lib/mail/worker', () => ({ kickMailWorker: () => {} }));

withTestDatabase();

let account: Account;
let owner: Member;
let admin: Member;

/** Today as the data layer sees it (members here have no time zone: UTC), `days` ahead. */
const day = (days: number) => addDays(calendarDateIn(now(), null), days);

beforeAll(async () => {
  account = await createAccount('Leave Co');
  owner = await createMember(account.accountId, { role: 'owner', firstName: 'Olga' });
  admin = await createMember(account.accountId, { role: 'admin', firstName: 'Adam' });
});

afterEach(() => setClockOffset(0));

/** Moves the injectable clock to an instant. */
const pinClock = (iso: string) => setClockOffset(Date.parse(iso) - Date.now());

async function request(member: Member, startsOn: string, endsOn: string, note = '') {
  await actAs(member.email);
  const result = await requestLeaveAction({ startsOn, endsOn, note });
  if (!result.ok) throw new Error(result.message);
  return result.data.id;
}

async function decide(approver: Member, requestId: string, decision: 'approve' | 'decline', note = '') {
  await actAs(approver.email);
  return decideLeaveAction({ requestId, decision, note });
}

async function statusOf(requestId: string) {
  const db = await getDb();
  const [row] = await db.select().from(leaveRequests).where(eq(leaveRequests.id, requestId));
  return row;
}

describe('requesting leave', () => {
  it('stores a pending request and audits it', async () => {
    const member = await createMember(account.accountId);
    const id = await request(member, day(10), day(12), 'Family holiday');
    expect(await statusOf(id)).toMatchObject({ accountId: account.accountId, membershipId: member.membershipId, startsOn: day(10), endsOn: day(12), note: 'Family holiday', status: 'pending' });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'leave.requested')));
    expect(entry).toMatchObject({ after: { startsOn: day(10), endsOn: day(12) } });
  });

  it('refuses a last day before the first, beside the field', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await requestLeaveAction({ startsOn: day(5), endsOn: day(4) })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { endsOn: 'The last day cannot come before the first day.' } });
    expect(await requestLeaveAction({ startsOn: '2026-02-30', endsOn: day(4) })).toMatchObject({ ok: false, fieldErrors: { startsOn: 'Enter the first day as a date.' } });
    expect(await requestLeaveAction({ startsOn: day(1), endsOn: day(400) })).toMatchObject({ ok: false, fieldErrors: { endsOn: expect.stringContaining('at most a year') } });
    expect((await listMyLeave(actorOf(member))).requests).toEqual([]);
  });

  it('refuses new leave that starts in the past; today is fine', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await requestLeaveAction({ startsOn: day(-1), endsOn: day(2) })).toMatchObject({ ok: false, code: 'invalid', message: 'Leave cannot start in the past.', fieldErrors: { startsOn: expect.stringContaining('today') } });
    expect(await requestLeaveAction({ startsOn: day(0), endsOn: day(0) })).toMatchObject({ ok: true });
  });

  it('judges "today" in the member’s own time zone', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    // Kiritimati is UTC+14: its today is at least UTC's today, often tomorrow.
    await saveWorkScheduleAction({ timeZone: 'Pacific/Kiritimati', days: Array.from({ length: 7 }, () => []) });
    const theirToday = calendarDateIn(now(), 'Pacific/Kiritimati');
    const result = await requestLeaveAction({ startsOn: addDays(theirToday, -1), endsOn: theirToday });
    expect(result).toMatchObject({ ok: false, message: 'Leave cannot start in the past.' });
    expect((await listMyLeave(actorOf(member))).today).toBe(theirToday);
  });

  it('refuses an overlap with the member’s own pending or approved leave, naming the clash', async () => {
    const member = await createMember(account.accountId);
    const pendingId = await request(member, day(20), day(22));
    await actAs(member.email);
    const clash = await requestLeaveAction({ startsOn: day(22), endsOn: day(25) });
    expect(clash).toMatchObject({ ok: false, code: 'conflict', message: expect.stringMatching(/^These dates overlap your pending leave .+ – .+\.$/), fieldErrors: { startsOn: expect.any(String) } });

    expect(await decide(admin, pendingId, 'approve')).toMatchObject({ ok: true });
    await actAs(member.email);
    expect(await requestLeaveAction({ startsOn: day(18), endsOn: day(30) })).toMatchObject({ ok: false, message: expect.stringContaining('your approved leave') });
    // Adjoining leave is no overlap; another member's leave on the same days is theirs.
    expect(await requestLeaveAction({ startsOn: day(23), endsOn: day(24) })).toMatchObject({ ok: true });
    const colleague = await createMember(account.accountId);
    await actAs(colleague.email);
    expect(await requestLeaveAction({ startsOn: day(20), endsOn: day(22) })).toMatchObject({ ok: true });
  });

  it('lets declined or cancelled leave be requested again', async () => {
    const member = await createMember(account.accountId);
    const declined = await request(member, day(40), day(41));
    await decide(admin, declined, 'decline');
    const cancelled = await request(member, day(40), day(40));
    await actAs(member.email);
    expect(await cancelLeaveAction({ requestId: cancelled })).toMatchObject({ ok: true });
    expect(await requestLeaveAction({ startsOn: day(40), endsOn: day(41) })).toMatchObject({ ok: true });
  });

  it('lets only one of two overlapping requests sent at once through', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const results = await Promise.all([
      requestLeaveAction({ startsOn: day(50), endsOn: day(55) }),
      requestLeaveAction({ startsOn: day(53), endsOn: day(58) }),
      requestLeaveAction({ startsOn: day(54), endsOn: day(54) }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.code === 'conflict')).toHaveLength(2);
    expect((await listMyLeave(actorOf(member))).requests).toHaveLength(1);
  });
});

describe('cancelling leave', () => {
  it('cancels a pending request and a future approved one, and audits it', async () => {
    const member = await createMember(account.accountId);
    const pendingId = await request(member, day(3), day(4));
    const approvedId = await request(member, day(8), day(9));
    await decide(admin, approvedId, 'approve');
    await actAs(member.email);
    expect(await cancelLeaveAction({ requestId: pendingId })).toEqual({ ok: true, data: null });
    expect(await cancelLeaveAction({ requestId: approvedId })).toEqual({ ok: true, data: null });
    expect((await statusOf(pendingId))?.status).toBe('cancelled');
    expect((await statusOf(approvedId))?.status).toBe('cancelled');
    expect(await cancelLeaveAction({ requestId: pendingId })).toMatchObject({ ok: false, code: 'conflict', message: 'This request is already cancelled.' });
    const db = await getDb();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.targetId, approvedId), eq(auditLog.action, 'leave.cancelled')))).toHaveLength(1);
  });

  it('keeps past leave read-only, and approved leave that has begun', async () => {
    const member = await createMember(account.accountId);
    const pastId = await request(member, day(1), day(2));
    const runningId = await request(member, day(3), day(6));
    await decide(admin, pastId, 'approve');
    await decide(admin, runningId, 'approve');
    // Four days on: the first leave is over, the second is under way.
    setClockOffset(4 * 86_400_000);
    await actAs(member.email);
    expect(await cancelLeaveAction({ requestId: pastId })).toMatchObject({ ok: false, code: 'conflict', message: 'This leave is in the past and can no longer be changed.' });
    expect(await cancelLeaveAction({ requestId: runningId })).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('already begun') });
    const mine = await listMyLeave(actorOf(member));
    expect(mine.requests.find((entry) => entry.id === pastId)).toMatchObject({ past: true, cancellable: false, status: 'approved' });
    expect(mine.requests.find((entry) => entry.id === runningId)).toMatchObject({ past: false, cancellable: false });
    expect((await statusOf(pastId))?.status).toBe('approved');
  });

  it('judges whether approved leave has begun by the furthest-ahead date on earth, not the member’s chosen time zone', async () => {
    const member = await createMember(account.accountId);
    const noHours = Array.from({ length: 7 }, () => []);
    pinClock('2030-03-01T12:00:00Z');
    await actAs(member.email);
    await saveWorkScheduleAction({ timeZone: 'Europe/Berlin', days: noHours });
    const id = await request(member, '2030-03-05', '2030-03-06');
    const pendingId = await request(member, '2030-03-04', '2030-03-04');
    await decide(admin, id, 'approve');
    const listed = async (requestId: string) => (await listMyLeave(actorOf(member))).requests.find((entry) => entry.id === requestId);

    pinClock('2030-03-04T08:00:00Z'); // 22:00 on the 4th in Kiritimati (UTC+14): the 5th has begun nowhere.
    expect(await listed(id)).toMatchObject({ cancellable: true, past: false });
    pinClock('2030-03-04T10:00:00Z'); // 11:00 on the 4th in Berlin, but the 5th has begun in Kiritimati.
    expect(await listed(id)).toMatchObject({ cancellable: false, past: false });
    // A pending request (it grants nothing yet) can be withdrawn until it is over by the member's own date.
    expect(await listed(pendingId)).toMatchObject({ cancellable: true });
    await actAs(member.email);
    expect(await cancelLeaveAction({ requestId: pendingId })).toMatchObject({ ok: true });

    // 07:00 on the 5th in Berlin: the leave has begun there. A zone twelve hours behind UTC makes it the 4th still.
    pinClock('2030-03-05T06:00:00Z');
    await actAs(member.email);
    await saveWorkScheduleAction({ timeZone: 'Etc/GMT+12', days: noHours });
    expect((await listMyLeave(actorOf(member))).today).toBe('2030-03-04');
    expect(await listed(id)).toMatchObject({ cancellable: false, past: false });
    expect(await cancelLeaveAction({ requestId: id })).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('anywhere in the world') });
    expect((await statusOf(id))?.status).toBe('approved');
  });

  it('cannot cancel someone else’s request (it is not found)', async () => {
    const member = await createMember(account.accountId);
    const id = await request(member, day(5), day(5));
    await actAs(admin.email);
    expect(await cancelLeaveAction({ requestId: id })).toMatchObject({ ok: false, code: 'not_found' });
    expect((await statusOf(id))?.status).toBe('pending');
  });
});

describe('deciding leave', () => {
  it('an Admin approves with a note: recorded, audited, the member mailed at their login email and shown the decision', async () => {
    const member = await createMember(account.accountId, { firstName: 'Mia' });
    const id = await request(member, day(14), day(18));
    expect(await decide(admin, id, 'approve', 'Enjoy!')).toEqual({ ok: true, data: { name: 'Mia Person', status: 'approved' } });
    expect(await statusOf(id)).toMatchObject({ status: 'approved', decidedByMembershipId: admin.membershipId, decisionNote: 'Enjoy!' });

    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'leave.approved')));
    expect(entry).toMatchObject({ actorUserId: admin.userId, before: { status: 'pending' }, after: { status: 'approved', note: 'Enjoy!' } });
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `leave:${id}`));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ toAddress: member.email, accountId: account.accountId, subject: expect.stringMatching(/^Your leave .+ was approved$/) });
    expect(mails[0]!.text).toContain('Enjoy!');
    expect(mails[0]!.text).toContain('Leave Co');

    const mine = await listMyLeave(actorOf(member));
    expect(mine.requests[0]).toMatchObject({ id, status: 'approved', decidedBy: 'Adam Person', decisionNote: 'Enjoy!', cancellable: true });
  });

  it('mails a verified contact email rather than the login email, and never an unverified one', async () => {
    const verified = await createMember(account.accountId);
    const unverified = await createMember(account.accountId);
    const db = await getDb();
    await db.update(users).set({ contactEmail: 'notify.me@example.test', contactEmailVerifiedAt: new Date() }).where(eq(users.id, verified.userId));
    await db.update(users).set({ contactEmail: 'unproven@example.test', contactEmailVerifiedAt: null }).where(eq(users.id, unverified.userId));
    const first = await request(verified, day(60), day(60));
    const second = await request(unverified, day(60), day(60));
    await decide(owner, first, 'decline', 'Release week');
    await decide(owner, second, 'approve');
    const [toVerified] = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `leave:${first}`));
    const [toUnverified] = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `leave:${second}`));
    expect(toVerified).toMatchObject({ toAddress: 'notify.me@example.test', subject: expect.stringContaining('was declined') });
    expect(toVerified!.html).toContain('Release week');
    expect(toUnverified?.toAddress).toBe(unverified.email);
  });

  it('refuses an approver deciding their own leave; another approver can', async () => {
    const id = await request(admin, day(70), day(72));
    expect(await decide(admin, id, 'approve')).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('another approver') });
    expect((await statusOf(id))?.status).toBe('pending');
    const list = await listLeaveForApproval(actorOf(admin));
    expect(list.pending.find((entry) => entry.id === id)).toMatchObject({ own: true });
    expect(await decide(owner, id, 'approve')).toMatchObject({ ok: true });
  });

  it('refuses a member without leave.approve, deciding and listing', async () => {
    const member = await createMember(account.accountId);
    const colleague = await createMember(account.accountId);
    const guest = await createMember(account.accountId, { role: 'guest' });
    const id = await request(colleague, day(80), day(80));
    for (const someone of [member, guest]) {
      expect(await decide(someone, id, 'approve')).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('leave.approve') });
      await expect(listLeaveForApproval(actorOf(someone))).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect((await statusOf(id))?.status).toBe('pending');
    const db = await getDb();
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `leave:${id}`))).toEqual([]);
  });

  it('gates the approvals page on leave.approve in middleware.ts as well', () => {
    expect(requiredPermissionFor('/leave')).toMatchObject({ permission: 'leave.approve' });
  });

  it('escapes what people typed in the decision mail', async () => {
    const member = await createMember(account.accountId);
    const id = await request(member, day(95), day(95));
    await decide(owner, id, 'decline', '<img src=x onerror=alert(1)>');
    const db = await getDb();
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `leave:${id}`));
    expect(mail!.html).not.toContain('<img');
    expect(mail!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses deciding twice', async () => {
    const member = await createMember(account.accountId);
    const id = await request(member, day(90), day(91));
    await decide(admin, id, 'decline');
    expect(await decide(owner, id, 'approve')).toMatchObject({ ok: false, code: 'conflict', message: 'This request is already declined.' });
    expect((await statusOf(id))?.status).toBe('declined');
  });

  it('refuses approving or declining leave that is over, and lists it as over', async () => {
    const member = await createMember(account.accountId);
    const id = await request(member, day(1), day(2));
    // Three days on, the last day is yesterday: past leave is read-only.
    setClockOffset(3 * 86_400_000);
    for (const decision of ['approve', 'decline'] as const) {
      expect(await decide(admin, id, decision)).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('This leave is over') });
    }
    expect(await statusOf(id)).toMatchObject({ status: 'pending', decidedAt: null });
    expect((await listLeaveForApproval(actorOf(admin))).pending.find((entry) => entry.id === id)).toMatchObject({ over: true });
    const db = await getDb();
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `leave:${id}`))).toEqual([]);
    // On its last day it can still be decided.
    setClockOffset(2 * 86_400_000);
    expect((await listLeaveForApproval(actorOf(admin))).pending.find((entry) => entry.id === id)).toMatchObject({ over: false });
    expect(await decide(admin, id, 'approve')).toMatchObject({ ok: true });
  });

  it('judges "over" by the approver’s today or the member’s, whichever is further ahead', async () => {
    // The approver has no time zone (UTC). Pinned instants, so the test does not depend on the hour it runs.
    const ahead = await createMember(account.accountId);
    const behind = await createMember(account.accountId);
    pinClock('2030-03-04T08:00:00Z'); // Kiritimati (UTC+14): 22:00 on the 4th.
    await actAs(ahead.email);
    await saveWorkScheduleAction({ timeZone: 'Pacific/Kiritimati', days: Array.from({ length: 7 }, () => []) });
    const aheadId = await request(ahead, '2030-03-04', '2030-03-04');
    pinClock('2030-03-05T06:00:00Z'); // UTC-12: 18:00 on the 4th; UTC: the 5th.
    await actAs(behind.email);
    await saveWorkScheduleAction({ timeZone: 'Etc/GMT+12', days: Array.from({ length: 7 }, () => []) });
    const behindId = await request(behind, '2030-03-04', '2030-03-04');
    // Still the 4th for the member who set a zone behind, but the 5th for the approver.
    expect(await decide(admin, behindId, 'approve')).toMatchObject({ ok: false, code: 'conflict' });
    pinClock('2030-03-04T12:00:00Z'); // The 4th for the approver, already the 5th in Kiritimati.
    expect(await decide(admin, aheadId, 'approve')).toMatchObject({ ok: false, code: 'conflict' });
    expect((await statusOf(aheadId))?.status).toBe('pending');
    expect((await statusOf(behindId))?.status).toBe('pending');
  });

  it('keeps another account’s requests invisible and undecidable', async () => {
    const elsewhere = await createAccount('Elsewhere Ltd');
    const stranger = await createMember(elsewhere.accountId);
    const strangerAdmin = await createMember(elsewhere.accountId, { role: 'admin' });
    const theirs = await request(stranger, day(5), day(6));
    const ours = await request(await createMember(account.accountId), day(5), day(6));
    expect(await decide(admin, theirs, 'approve')).toMatchObject({ ok: false, code: 'not_found' });
    const list = await listLeaveForApproval(actorOf(admin));
    expect(list.pending.map((entry) => entry.id)).toContain(ours);
    expect(list.pending.map((entry) => entry.id)).not.toContain(theirs);
    expect((await listLeaveForApproval(actorOf(strangerAdmin))).pending.map((entry) => entry.id)).toEqual([theirs]);
    expect((await statusOf(theirs))?.status).toBe('pending');
  });
});

describe('who is away', () => {
  it('shows approved leave of the account, today and upcoming, with the first working day back', async () => {
    const team = await createAccount('Away Team');
    const boss = await createMember(team.accountId, { role: 'admin', firstName: 'Bea' });
    const today = await createMember(team.accountId, { firstName: 'Tom' });
    const later = await createMember(team.accountId, { firstName: 'Lia' });
    const waiting = await createMember(team.accountId, { firstName: 'Pat' });
    const guest = await createMember(team.accountId, { role: 'guest' });

    // Tom works Monday to Friday: after his leave he is back on his next working day.
    await actAs(today.email);
    const weekdaysOnly = Array.from({ length: 7 }, (_, weekday) => (weekday < 5 ? [{ start: '09:00', end: '17:00' }] : []));
    await saveWorkScheduleAction({ timeZone: '', days: weekdaysOnly });
    const tomLeave = await request(today, day(0), day(2));
    // Adjoining leave: he is back only after it.
    const tomMore = await request(today, day(3), day(3));
    const liaLeave = await request(later, day(10), day(11));
    await request(waiting, day(0), day(1));
    const farAway = await request(later, day(40), day(41));
    for (const id of [tomLeave, tomMore, liaLeave, farAway]) await decide(boss, id, 'approve');

    let expectedBack = day(4);
    while (weekdayOf(expectedBack) > 4) expectedBack = addDays(expectedBack, 1);

    const seen = await listWhoIsAway(actorOf(guest), 30);
    expect(seen.away).toEqual([{ requestId: tomLeave, membershipId: today.membershipId, name: 'Tom Person', startsOn: day(0), endsOn: day(2), backOn: expectedBack }]);
    expect(seen.upcoming.map((entry) => [entry.name, entry.startsOn, entry.backOn])).toEqual([
      ['Tom Person', day(3), expectedBack],
      ['Lia Person', day(10), day(12)],
    ]);

    // Another account sees none of it.
    const outside = await listWhoIsAway(actorOf(owner), 30);
    expect([...outside.away, ...outside.upcoming].map((entry) => entry.requestId)).not.toEqual(expect.arrayContaining([tomLeave]));
    expect([...outside.away, ...outside.upcoming].map((entry) => entry.requestId)).not.toEqual(expect.arrayContaining([liaLeave]));

    // Ten days on, by the clock: Tom is back, Lia is away.
    setClockOffset(10 * 86_400_000);
    const later10 = await listWhoIsAway(actorOf(guest), 30);
    expect(later10.away.map((entry) => entry.name)).toEqual(['Lia Person']);
    expect(later10.upcoming.map((entry) => [entry.requestId, entry.startsOn])).toEqual([[farAway, day(30)]]);
  });
});
