import { and, eq } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  resendContactEmailAction,
  sendPhoneCodeAction,
  setContactEmailAction,
  setNotificationPrefsAction,
  setPhoneAction,
  updateProfileDetailsAction,
  verifyPhoneAction,
} from '@/app/(app)/profile/actions';
import { ProfileSummary } from '@/app/(app)/profile/_components/profile-summary';
import { confirmContactEmailAction } from '@/app/(auth)/verify-email/[token]/actions';
import { getDb } from '@/db/client';
import { auditLog, mailOutbox, userTokens, users } from '@/db/schema';
import { setClockOffset } from '@/lib/clock';
import { listMembers } from '@/lib/dal/members/list-members';
import { getMyProfile, lookUpContactEmailLink } from '@/lib/dal/profile/my-profile';
import { setSmsSender, type OutgoingSms } from '@/lib/sms/sender';
import { parseMemberQuery } from '@/lib/validation/members';
import { actAs, requestState } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Account;
let owner: Member;
const sent: OutgoingSms[] = [];

beforeAll(async () => {
  account = await createAccount('Profile Co');
  owner = await createMember(account.accountId, { role: 'owner', firstName: 'Olive' });
  setSmsSender({ delivers: true, send: async (message) => void sent.push(message) });
});

beforeEach(() => setClockOffset(0));

async function userRow(userId: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row!;
}

/** Lets the next code be asked for at once (the 30-second pause between codes is not what these tests are about). */
const pastThePause = () => setClockOffset(31_000);

const lastCodeTo = (phone: string) => sent.filter((message) => message.to === phone).at(-1)!.body.slice(0, 6);

describe('name and description', () => {
  it('saves the name, which the Users tab then shows, and audits the change', async () => {
    const member = await createMember(account.accountId, { role: 'guest', firstName: 'Gus' });
    await actAs(member.email);
    expect(await updateProfileDetailsAction({ firstName: '  Augusta ', lastName: 'Byron', description: 'Poet.' })).toEqual({ ok: true, data: null });
    expect(await userRow(member.userId)).toMatchObject({ firstName: 'Augusta', lastName: 'Byron', description: 'Poet.' });
    const page = await listMembers(actorOf(owner, 'Olive'), parseMemberQuery({ q: 'Augusta' }));
    expect(page.rows.map((row) => `${row.firstName} ${row.lastName}`)).toEqual(['Augusta Byron']);
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.actorUserId, member.userId), eq(auditLog.action, 'profile.updated')));
    expect(entry).toMatchObject({ accountId: account.accountId, targetId: member.userId, after: { firstName: 'Augusta', lastName: 'Byron' } });
  });

  it('refuses an empty first name, markup in a name and a description over 2,000 characters, changing nothing', async () => {
    const member = await createMember(account.accountId, { firstName: 'Stable' });
    await actAs(member.email);
    expect(await updateProfileDetailsAction({ firstName: '', lastName: 'X', description: '' })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { firstName: 'Enter a first name.' } });
    expect(await updateProfileDetailsAction({ firstName: '<b>Bold</b>', lastName: '', description: '' })).toMatchObject({ ok: false, fieldErrors: { firstName: expect.stringContaining('cannot contain') } });
    expect(await updateProfileDetailsAction({ firstName: 'Ok', lastName: '', description: 'x'.repeat(2001) })).toMatchObject({ ok: false, fieldErrors: { description: 'A description has at most 2000 characters.' } });
    expect(await updateProfileDetailsAction({ firstName: 'Ok', lastName: '', description: 'bell\u0007' })).toMatchObject({ ok: false, fieldErrors: { description: expect.stringContaining('control characters') } });
    expect((await userRow(member.userId)).firstName).toBe('Stable');
  });

  it('keeps markup in a description as text: stored as typed, rendered escaped', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const description = 'Hi <script>alert("x")</script>\n<img src=x onerror="alert(1)">';
    expect(await updateProfileDetailsAction({ firstName: 'Mallory', lastName: '', description })).toMatchObject({ ok: true });
    const profile = await getMyProfile(actorOf(member));
    expect(profile.description).toBe(description);
    const html = renderToStaticMarkup(createElement(ProfileSummary, { name: 'Mallory', avatarKey: null, description: profile.description, roleLabel: 'User' }));
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });
});

describe('phone', () => {
  it.each([
    ['12345', 'international form'],
    ['020 7946 0958', 'international form'],
    ['+44 20 7946', 'not a valid phone number'],
    ['+1 555 0100 0000 0000', 'not a valid phone number'],
    ['+99 123 456 789', 'not a valid phone number'],
    ['call me', 'international form'],
  ])('refuses %s', async (phone, message) => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const result = await setPhoneAction({ phone });
    expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { phone: expect.stringContaining(message) } });
    expect((await userRow(member.userId)).phone).toBeNull();
  });

  it('stores a valid number normalised (E.164) and removes it when emptied', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await setPhoneAction({ phone: ' +44 20 7946-0958 ' })).toEqual({ ok: true, data: { outcome: 'changed', phone: '+442079460958' } });
    expect(await setPhoneAction({ phone: '0049 30 12345678' })).toEqual({ ok: true, data: { outcome: 'changed', phone: '+493012345678' } });
    expect((await userRow(member.userId)).phone).toBe('+493012345678');
    expect(await setPhoneAction({ phone: '' })).toEqual({ ok: true, data: { outcome: 'changed', phone: null } });
    expect((await userRow(member.userId)).phone).toBeNull();
  });

  it('verifies with the 6-digit code sent by text message; a wrong code says how many tries are left', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setPhoneAction({ phone: '+14155552671' });
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: true, data: { delivered: true } });
    const code = lastCodeTo('+14155552671');
    expect(code).toMatch(/^\d{6}$/);
    const db = await getDb();
    const [token] = await db.select().from(userTokens).where(and(eq(userTokens.userId, member.userId), eq(userTokens.purpose, 'phone')));
    expect(token!.tokenHash).not.toContain(code);
    expect(token!.subject).toBe('+14155552671');

    const wrong = code === '000000' ? '111111' : '000000';
    expect(await verifyPhoneAction({ code: wrong })).toMatchObject({ ok: false, fieldErrors: { code: 'That code is not right. 4 tries left.' } });
    expect(await verifyPhoneAction({ code: 'abc' })).toMatchObject({ ok: false, fieldErrors: { code: 'Enter the 6-digit code from the text message.' } });
    expect(await verifyPhoneAction({ code: `${code.slice(0, 3)} ${code.slice(3)}` })).toEqual({ ok: true, data: null });
    expect(await getMyProfile(actorOf(member))).toMatchObject({ phone: '+14155552671', phoneVerified: true });
  });

  it('after five wrong codes the code stops working and a new one is needed', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setPhoneAction({ phone: '+14155552672' });
    await sendPhoneCodeAction();
    const code = lastCodeTo('+14155552672');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt++) expect(await verifyPhoneAction({ code: wrong })).toMatchObject({ ok: false, message: expect.stringContaining(`${5 - attempt} tr`) });
    expect(await verifyPhoneAction({ code: wrong })).toMatchObject({ ok: false, message: 'Too many wrong codes. Send a new code.' });
    expect(await verifyPhoneAction({ code })).toMatchObject({ ok: false, message: 'There is no code waiting. Send a new code.' });
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: false, code: 'conflict' });
    pastThePause();
    await sendPhoneCodeAction();
    expect(await verifyPhoneAction({ code: lastCodeTo('+14155552672') })).toEqual({ ok: true, data: null });
  });

  it('a code expires after 10 minutes, and a code for an earlier number never verifies a new one', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setPhoneAction({ phone: '+14155552673' });
    await sendPhoneCodeAction();
    const first = lastCodeTo('+14155552673');
    setClockOffset(11 * 60_000);
    expect(await verifyPhoneAction({ code: first })).toMatchObject({ ok: false, message: 'This code has expired. Send a new code.' });
    setClockOffset(0);
    await setPhoneAction({ phone: '+14155552674' });
    expect(await verifyPhoneAction({ code: first })).toMatchObject({ ok: false, message: 'There is no code waiting. Send a new code.' });
    expect((await userRow(member.userId)).phoneVerifiedAt).toBeNull();
  });

  it('changing a verified phone clears its verification and its SMS notification choices', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setPhoneAction({ phone: '+14155552675' });
    await sendPhoneCodeAction();
    await verifyPhoneAction({ code: lastCodeTo('+14155552675') });
    expect(await setNotificationPrefsAction({ prefs: { tasks: ['in_app', 'sms'], watched: [], comments: ['email'], emails: ['sms'] } })).toEqual({ ok: true, data: null });
    await setPhoneAction({ phone: '+14155552676' });
    const profile = await getMyProfile(actorOf(member));
    expect(profile).toMatchObject({ phone: '+14155552676', phoneVerified: false });
    expect(profile.notificationPrefs).toEqual({ tasks: ['in_app'], watched: [], comments: ['email'], emails: [] });
  });
});

describe('notification preferences', () => {
  it('start from the defaults and save per kind and channel', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect((await getMyProfile(actorOf(member))).notificationPrefs).toEqual({ tasks: ['in_app', 'email'], watched: ['in_app'], comments: ['in_app', 'email'], emails: ['in_app'] });
    expect(await setNotificationPrefsAction({ prefs: { tasks: ['email'], watched: ['email', 'in_app', 'email'], comments: [], emails: [] } })).toEqual({ ok: true, data: null });
    expect((await getMyProfile(actorOf(member))).notificationPrefs).toEqual({ tasks: ['email'], watched: ['email', 'in_app'], comments: [], emails: [] });
  });

  it('refuses SMS without a verified phone, and an unknown channel or kind', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setPhoneAction({ phone: '+14155552677' });
    expect(await setNotificationPrefsAction({ prefs: { tasks: ['sms'], watched: [], comments: [], emails: [] } })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { prefs: 'SMS needs a verified phone number.' } });
    expect(await setNotificationPrefsAction({ prefs: { tasks: ['pigeon'] } })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await setNotificationPrefsAction({ prefs: { gossip: ['email'] } })).toMatchObject({ ok: false, code: 'invalid' });
    expect((await userRow(member.userId)).notificationPrefs).toEqual({});
  });
});

describe('contact email', () => {
  async function lastLinkTo(address: string) {
    const db = await getDb();
    const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address));
    const text = rows.at(-1)!.text;
    return text.match(/\/verify-email\/([A-Za-z0-9_-]+)/)![1]!;
  }

  it('is used only once verified by a link sent to it through the outbox', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await setContactEmailAction({ contactEmail: ' Me@Home.Example ' })).toEqual({ ok: true, data: 'verification_sent' });
    expect(await getMyProfile(actorOf(member))).toMatchObject({ contactEmail: 'me@home.example', contactEmailVerified: false, notificationEmail: member.email });
    const token = await lastLinkTo('me@home.example');
    const db = await getDb();
    const [stored] = await db.select().from(userTokens).where(and(eq(userTokens.userId, member.userId), eq(userTokens.purpose, 'contact_email')));
    expect(stored!.tokenHash).not.toBe(token);
    expect(await lookUpContactEmailLink(token)).toEqual({ ok: true, address: 'me@home.example' });

    requestState.headers = new Headers();
    expect(await confirmContactEmailAction({ token })).toEqual({ ok: true, data: { address: 'me@home.example' } });
    expect(await getMyProfile(actorOf(member))).toMatchObject({ contactEmailVerified: true, notificationEmail: 'me@home.example' });
    expect(await confirmContactEmailAction({ token })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await lookUpContactEmailLink(token)).toEqual({ ok: false, reason: 'used' });
  });

  it('a link for an address since replaced does not verify anything; the new address needs its own link', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setContactEmailAction({ contactEmail: 'first@home.example' });
    const first = await lastLinkTo('first@home.example');
    await setContactEmailAction({ contactEmail: 'second@home.example' });
    expect(await lookUpContactEmailLink(first)).toEqual({ ok: false, reason: 'unknown' });
    expect(await confirmContactEmailAction({ token: first })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await getMyProfile(actorOf(member))).toMatchObject({ contactEmail: 'second@home.example', contactEmailVerified: false });
    expect(await resendContactEmailAction()).toMatchObject({ ok: false, code: 'conflict' });
    pastThePause();
    expect(await resendContactEmailAction()).toEqual({ ok: true, data: null });
  });

  it('refuses a malformed address; empty or the login email means the login email', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    expect(await setContactEmailAction({ contactEmail: 'not an email' })).toMatchObject({ ok: false, fieldErrors: { contactEmail: expect.stringContaining('valid email') } });
    await setContactEmailAction({ contactEmail: 'other@home.example' });
    expect(await setContactEmailAction({ contactEmail: member.email.toUpperCase() })).toEqual({ ok: true, data: 'login_email' });
    expect(await getMyProfile(actorOf(member))).toMatchObject({ contactEmail: null, notificationEmail: member.email });
    expect(await setContactEmailAction({ contactEmail: '' })).toEqual({ ok: true, data: 'unchanged' });
  });

  it('an expired link is refused', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setContactEmailAction({ contactEmail: 'late@home.example' });
    const token = await lastLinkTo('late@home.example');
    setClockOffset(49 * 3_600_000);
    expect(await lookUpContactEmailLink(token)).toEqual({ ok: false, reason: 'expired' });
    expect(await confirmContactEmailAction({ token })).toMatchObject({ ok: false, code: 'not_found' });
  });
});
