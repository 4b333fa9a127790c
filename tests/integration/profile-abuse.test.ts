import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendPhoneCodeAction, setPhoneAction } from '@/app/(app)/profile/actions';
import { setClockOffset } from '@/lib/clock';
import { setSmsSender, type OutgoingSms } from '@/lib/sms/sender';
import { actAs, requestState } from '../support/acting-as';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

vi.mock('next/headers', () => ({ headers: async () => requestState.headers, cookies: async () => ({ get: () => undefined }) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

withTestDatabase();

const MINUTE = 60_000;
const PAUSE = 31_000;

let account: Awaited<ReturnType<typeof createAccount>>;
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
