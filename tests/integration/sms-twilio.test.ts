import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, userTokens, users } from '@/db/schema';
import { sendMyPhoneCode, setMyPhone, verifyMyPhone } from '@/lib/dal/profile/verify-my-phone';
import { getSmsSender, setSmsSender, UndeliveredSmsSender } from '@/lib/sms/sender';
import { twilioSettingsFromEnv, TwilioSmsSender } from '@/lib/sms/twilio';
import { setClockOffset } from '@/lib/clock';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { FakeTwilio } from '../support/fake-twilio';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

// Issue 18, item 3: text messages through Twilio's official SDK, pointed at a fake Twilio API on 127.0.0.1.

const ACCOUNT_SID = 'AC00000000000000000000000000000001';
const AUTH_TOKEN = 'fake-auth-token';
const twilio = new FakeTwilio({ username: ACCOUNT_SID, password: AUTH_TOKEN });
let baseUrl = '';

beforeAll(async () => {
  baseUrl = await twilio.start();
});
afterAll(async () => {
  setSmsSender(undefined);
  await twilio.stop();
});
afterEach(() => {
  twilio.script = [];
  setClockOffset(0);
});

const env = (extra: Record<string, string> = {}) => ({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: '+14155550100', TWILIO_API_BASE_URL: baseUrl, TWILIO_TIMEOUT_MS: '500', ...extra });

async function memberWithPhone(phone: string) {
  const { accountId } = await createAccount();
  const member = await createMember(accountId, { firstName: 'Tess' });
  const actor = actorOf(member, 'Tess Person');
  await setMyPhone(actor, phone);
  return { member, actor };
}

async function codeAudit(userId: string, action: 'profile.phone_code_sent' | 'profile.phone_code_not_sent') {
  const db = await getDb();
  return db.select({ after: auditLog.after }).from(auditLog).where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, action)));
}

describe('SMS through Twilio', () => {
  it('is configured by the environment, or not at all (then nothing is delivered, and it says so)', () => {
    expect(twilioSettingsFromEnv({})).toBeNull();
    expect(twilioSettingsFromEnv(env())).toMatchObject({ accountSid: ACCOUNT_SID, username: ACCOUNT_SID, password: AUTH_TOKEN, from: { number: '+14155550100' }, timeoutMs: 500 });
    expect(twilioSettingsFromEnv(env({ TWILIO_API_KEY_SID: 'SK1', TWILIO_API_KEY_SECRET: 'secret', TWILIO_MESSAGING_SERVICE_SID: 'MG1' }))).toMatchObject({ username: 'SK1', password: 'secret', from: { messagingServiceSid: 'MG1' } });
    expect(() => twilioSettingsFromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID })).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => twilioSettingsFromEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: 'x' })).toThrow(/TWILIO_FROM_NUMBER/);
    expect(() => twilioSettingsFromEnv(env({ TWILIO_FROM_NUMBER: '0155 5501' }))).toThrow(/E\.164/);
    setSmsSender(undefined);
    expect(getSmsSender()).toBeInstanceOf(UndeliveredSmsSender);
    expect(getSmsSender().delivers).toBe(false);
  });

  it('delivers a phone verification code through the SDK, which then verifies the phone', async () => {
    setSmsSender(new TwilioSmsSender(twilioSettingsFromEnv(env())!));
    const { member, actor } = await memberWithPhone('+447700900123');
    expect(await sendMyPhoneCode(actor)).toMatchObject({ delivered: true });
    const message = twilio.delivered.at(-1)!;
    expect(message).toMatchObject({ accountSid: ACCOUNT_SID, to: '+447700900123', from: '+14155550100', messagingServiceSid: null });
    const code = /\b(\d{6})\b/.exec(message.body)![1]!;
    await verifyMyPhone(actor, code);
    const db = await getDb();
    const [user] = await db.select({ verifiedAt: users.phoneVerifiedAt }).from(users).where(eq(users.id, member.userId));
    expect(user?.verifiedAt).not.toBeNull();
  });

  it('a refusal by Twilio: the member is told, the code does not work, and it is not counted as sent', async () => {
    setSmsSender(new TwilioSmsSender(twilioSettingsFromEnv(env())!));
    const { member, actor } = await memberWithPhone('+447700900124');
    twilio.script = ['refuse'];
    await expect(sendMyPhoneCode(actor)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/refused to send to this number.*No code was sent/) });
    const db = await getDb();
    expect(await db.select().from(userTokens).where(and(eq(userTokens.userId, member.userId), eq(userTokens.purpose, 'phone')))).toHaveLength(0);
    const [sent] = await codeAudit(member.userId, 'profile.phone_code_sent');
    const [notSent] = await codeAudit(member.userId, 'profile.phone_code_not_sent');
    expect((notSent?.after as { codeRef: string }).codeRef).toBe((sent?.after as { codeRef: string }).codeRef);
    // Not counted: asking again at once is not refused as "A code was just sent." (30 s pause between codes).
    expect(await sendMyPhoneCode(actor)).toMatchObject({ delivered: true });
    // While a delivered one is.
    await expect(sendMyPhoneCode(actor)).rejects.toMatchObject({ message: expect.stringMatching(/^A code was just sent/) });
  });

  it('a timeout: the member is told, nothing counted, and the next try goes through', async () => {
    setSmsSender(new TwilioSmsSender(twilioSettingsFromEnv(env())!));
    const { actor } = await memberWithPhone('+447700900125');
    twilio.script = ['hang'];
    const started = Date.now();
    await expect(sendMyPhoneCode(actor)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/did not answer in time/) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await sendMyPhoneCode(actor)).toMatchObject({ delivered: true });
  });

  it('wrong credentials are a failure too, never a delivered code', async () => {
    setSmsSender(new TwilioSmsSender(twilioSettingsFromEnv(env({ TWILIO_AUTH_TOKEN: 'wrong' }))!));
    const { actor } = await memberWithPhone('+447700900126');
    const before = twilio.delivered.length;
    await expect(sendMyPhoneCode(actor)).rejects.toMatchObject({ code: 'unavailable' });
    expect(twilio.delivered.length).toBe(before);
  });
});
