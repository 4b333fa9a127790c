import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendPhoneCodeAction, setContactEmailAction, setPhoneAction } from '@/app/(app)/profile/actions';
import { getDb } from '@/db/client';
import { auditLog, mailOutbox, users } from '@/db/schema';
import { setClockOffset } from '@/lib/clock';
import { setSmsSender, type OutgoingSms } from '@/lib/sms/sender';
import { actAs } from '../support/acting-as';
import { createAccount, createMember, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const MINUTE = 60_000;
const PAUSE = 31_000;

let account: Account;
const sent: OutgoingSms[] = [];

beforeAll(async () => {
  account = await createAccount('Abuse Co');
  setSmsSender({ delivers: true, send: async (message) => void sent.push(message) });
});

beforeEach(() => setClockOffset(0));

const textsTo = (numbers: string[]) => sent.filter((message) => numbers.includes(message.to)).length;

describe('phone codes are limited per person, whatever the number', () => {
  it('changing the number (or removing and re-adding it) does not skip the pause between codes', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    await setPhoneAction({ phone: '+14155550101' });
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: true });
    await setPhoneAction({ phone: '+14155550102' });
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: false, code: 'conflict', message: expect.stringMatching(/^A code was just sent\. You can ask for another in \d+ seconds\.$/) });
    await setPhoneAction({ phone: '' });
    await setPhoneAction({ phone: '+14155550101' });
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: false, code: 'conflict' });
    expect(textsTo(['+14155550101', '+14155550102'])).toBe(1);
  });

  it('sends at most 5 codes an hour and 10 a day, alternating numbers or not, and says when to try again', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const numbers = ['+14155550111', '+14155550112'];
    const outcomes: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      setClockOffset((i + 1) * PAUSE);
      await setPhoneAction({ phone: numbers[i % 2] });
      outcomes.push((await sendPhoneCodeAction()).ok);
    }
    expect(outcomes).toEqual([true, true, true, true, true, false, false, false]);
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: false, message: expect.stringMatching(/^You have asked for 5 codes in the last hour\. You can ask for another in \d+ minutes\.$/) });

    // An hour later five more may go, then the day's ten are spent.
    for (let i = 0; i < 6; i++) {
      setClockOffset(61 * MINUTE + i * PAUSE);
      await setPhoneAction({ phone: numbers[i % 2] });
      outcomes.push((await sendPhoneCodeAction()).ok);
    }
    expect(outcomes.slice(8)).toEqual([true, true, true, true, true, false]);
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: false, message: expect.stringMatching(/^You have asked for 10 codes in the last 24 hours\. You can ask for another in \d+ hours\.$/) });
    expect(textsTo(numbers)).toBe(10);

    setClockOffset(25 * 60 * MINUTE);
    expect(await sendPhoneCodeAction()).toMatchObject({ ok: true });
  });
});

describe('contact email verification links are limited per person, whatever the address', () => {
  async function mailsTo(addresses: string[]) {
    const db = await getDb();
    return (await db.select({ to: mailOutbox.toAddress }).from(mailOutbox).where(inArray(mailOutbox.toAddress, addresses))).length;
  }

  it('alternating two addresses sends at most 5 links an hour and 10 a day; a refusal changes nothing', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const addresses = ['victim@target.example', 'other@target.example'];
    const outcomes: boolean[] = [];
    for (let i = 0; i < 8; i++) outcomes.push((await setContactEmailAction({ contactEmail: addresses[i % 2] })).ok);
    // The first two go at once (a typo may be corrected); the third would be the same address within 30 seconds.
    expect(outcomes.slice(0, 3)).toEqual([true, true, false]);
    expect(await mailsTo(addresses)).toBe(2);

    for (let i = 0; i < 6; i++) {
      setClockOffset((i + 1) * PAUSE);
      outcomes.push((await setContactEmailAction({ contactEmail: addresses[i % 2] })).ok);
    }
    expect(outcomes.slice(8)).toEqual([true, true, true, false, false, false]);
    const refused = await setContactEmailAction({ contactEmail: 'third@target.example' });
    expect(refused).toMatchObject({ ok: false, code: 'conflict', message: expect.stringMatching(/^You have asked for 5 verification links in the last hour\. You can ask for another in \d+ minutes\.$/) });
    expect(await mailsTo([...addresses, 'third@target.example'])).toBe(5);
    const db = await getDb();
    const [row] = await db.select({ contactEmail: users.contactEmail }).from(users).where(eq(users.id, member.userId));
    expect(row!.contactEmail).toBe('victim@target.example');

    for (let i = 0; i < 6; i++) {
      setClockOffset(61 * MINUTE + i * PAUSE);
      outcomes.push((await setContactEmailAction({ contactEmail: addresses[i % 2] })).ok);
    }
    expect(outcomes.slice(14)).toEqual([true, true, true, true, true, false]);
    expect(await setContactEmailAction({ contactEmail: 'third@target.example' })).toMatchObject({ ok: false, message: expect.stringContaining('10 verification links in the last 24 hours') });
    expect(await mailsTo([...addresses, 'third@target.example'])).toBe(10);
    // Each link sent is on the record, in the transaction that queued it.
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.actorUserId, member.userId), eq(auditLog.action, 'profile.contact_email_link_sent')));
    expect(entries).toHaveLength(10);
    expect(entries[0]).toMatchObject({ targetId: member.userId, after: { contactEmail: 'victim@target.example' }, ip: '203.0.113.99' });
  });
});
