import 'server-only';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, userTokens, users } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import type { AuditAction } from '@/lib/audit-actions';
import { hashSecretToken } from '@/lib/auth/session-token';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { phoneCodeSms } from '@/lib/mail/profile-templates';
import { getSmsSender } from '@/lib/sms/sender';
import { normalizeNotificationPrefs } from '@/lib/validation/profile';
import { describeWait, limitReached, recentOwnEntries, type SendLimit } from '@/lib/dal/core/send-limits';
import { DalError } from '@/lib/dal/core/errors';
import { audit, DAY_MS, HOUR_MS, RESEND_PAUSE_MS } from './my-profile';

// My phone: setting it, and proving it with a texted code (which SMS notifications need).

const PHONE_CODE_MINUTES = 10;
export const PHONE_CODE_MAX_TRIES = 5;

// Counted from the audit log, which nobody can rewrite: changing the number does not reset them.
const PHONE_CODE_LIMITS: SendLimit[] = [
  { windowMs: RESEND_PAUSE_MS, max: 1, reason: 'A code was just sent.' },
  { windowMs: HOUR_MS, max: 5, reason: 'You have asked for 5 codes in the last hour.' },
  { windowMs: DAY_MS, max: 10, reason: 'You have asked for 10 codes in the last 24 hours.' },
];

/**
 * Sets my phone (E.164, already normalised) or removes it. A new number is unverified: SMS notification
 * choices are dropped until it is verified, and any code sent to the old number stops working.
 */
export async function setMyPhone(actor: Actor, phone: string | null, meta?: RequestMeta): Promise<'changed' | 'unchanged'> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ phone: users.phone, prefs: users.notificationPrefs }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user) throw new DalError('not_found', 'Your login no longer exists.');
    if (user.phone === phone) return 'unchanged';
    const prefs = normalizeNotificationPrefs(user.prefs);
    const hadSms = Object.values(prefs).some((channels) => channels.includes('sms'));
    const withoutSms = Object.fromEntries(Object.entries(prefs).map(([kind, channels]) => [kind, channels.filter((channel) => channel !== 'sms')]));
    await tx
      .update(users)
      .set({ phone, phoneVerifiedAt: null, ...(hadSms ? { notificationPrefs: withoutSms } : {}), updatedAt: now() })
      .where(eq(users.id, actor.userId));
    await tx.delete(userTokens).where(and(eq(userTokens.userId, actor.userId), eq(userTokens.purpose, 'phone')));
    await audit(tx, actor, 'profile.phone_changed', { before: { phone: user.phone }, after: { phone } }, meta);
    return 'changed';
  });
}

// The code is short, so its hash is bound to the person and the number: equal codes never collide.
const hashPhoneCode = (userId: string, phone: string, code: string) => hashSecretToken(`phone:${userId}:${phone}:${code}`);

/**
 * Sends a 6-digit code (10 minutes, single use) to my unverified phone, replacing any earlier code, at most
 * every 30 seconds, 5 an hour and 10 a day. Answers whether an SMS provider actually delivered it.
 */
export async function sendMyPhoneCode(actor: Actor, meta?: RequestMeta): Promise<{ delivered: boolean; expiresAt: string }> {
  const db = await getDb();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now().getTime() + PHONE_CODE_MINUTES * 60_000);
  const phone = await db.transaction(async (tx) => {
    const [user] = await tx.select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user?.phone) throw new DalError('conflict', 'Save a phone number first.');
    if (user.verifiedAt) throw new DalError('conflict', 'Your phone number is already verified.');
    const at = now();
    const since = new Date(at.getTime() - DAY_MS);
    // A code the provider did not take counts for nothing: its "not sent" entry names it.
    const [sentEntries, notSent] = await Promise.all([
      recentOwnEntries(tx, actor.userId, 'profile.phone_code_sent', since, 40),
      recentOwnEntries(tx, actor.userId, 'profile.phone_code_not_sent', since, 40),
    ]);
    const failed = new Set(notSent.map((entry) => codeRefOf(entry.after)));
    const sent = sentEntries.filter((entry) => !failed.has(codeRefOf(entry.after)));
    const refused = limitReached(sent.map((entry) => entry.at), PHONE_CODE_LIMITS, at);
    if (refused) throw new DalError('conflict', `${refused.reason} You can ask for another ${describeWait(refused.waitMs)}.`);
    await tx.delete(userTokens).where(and(eq(userTokens.userId, actor.userId), eq(userTokens.purpose, 'phone')));
    const tokenHash = hashPhoneCode(actor.userId, user.phone, code);
    await tx.insert(userTokens).values({ tokenHash, userId: actor.userId, accountId: actor.accountId, purpose: 'phone', subject: user.phone, createdByUserId: actor.userId, expiresAt });
    await audit(tx, actor, 'profile.phone_code_sent', { after: { phone: user.phone, codeRef: tokenHash.slice(0, 10) } }, meta);
    return { phone: user.phone, codeRef: tokenHash.slice(0, 10) };
  });
  const sender = getSmsSender();
  try {
    await sender.send({ to: phone.phone, body: phoneCodeSms(code) });
  } catch (error) {
    const failure = smsFailure(error);
    console.error('[sms] sending the verification code failed:', failure.log);
    // The code never went out: it stops working, and it does not count against the person's limits.
    await db.transaction(async (tx) => {
      await tx.delete(userTokens).where(and(eq(userTokens.userId, actor.userId), eq(userTokens.purpose, 'phone')));
      await audit(tx, actor, 'profile.phone_code_not_sent', { after: { phone: phone.phone, codeRef: phone.codeRef, reason: failure.log } }, meta);
    });
    throw new DalError('unavailable', failure.message);
  }
  return { delivered: sender.delivers, expiresAt: expiresAt.toISOString() };
}

const codeRefOf = (after: unknown) => (after && typeof after === 'object' && 'codeRef' in after ? String((after as { codeRef: unknown }).codeRef) : null);

/** What to tell the person, and what to log, when the SMS provider did not take a message. */
function smsFailure(error: unknown): { message: string; log: string } {
  const { status, code, message } = (error ?? {}) as { status?: number; code?: number | string; message?: string };
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 429) {
    return { message: 'The SMS provider refused to send to this number. Check that it is a mobile number that can receive text messages. No code was sent.', log: `refused (${status}${code ? `, ${code}` : ''}): ${message ?? ''}` };
  }
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message ?? '');
  return {
    message: timedOut ? 'The SMS provider did not answer in time. No code was sent: try again in a moment.' : 'The text message could not be sent. No code was sent: try again in a moment.',
    log: timedOut ? 'timed out' : `failed${status ? ` (${status})` : ''}: ${message ?? String(error)}`,
  };
}

/**
 * Verifies my phone with the code sent to it. After five wrong codes the code stops working and a new one
 * is needed; a code sent to an earlier number never verifies the current one.
 */
export async function verifyMyPhone(actor: Actor, code: string, meta?: RequestMeta): Promise<void> {
  const db = await getDb();
  const at = now();
  const outcome = await db.transaction(async (tx) => {
    const [user] = await tx.select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user?.phone) throw new DalError('conflict', 'Save a phone number first.');
    if (user.verifiedAt) return 'verified' as const;
    const [token] = await tx
      .select({ tokenHash: userTokens.tokenHash, expiresAt: userTokens.expiresAt, usedAt: userTokens.usedAt })
      .from(userTokens)
      .where(and(eq(userTokens.userId, actor.userId), eq(userTokens.purpose, 'phone'), eq(userTokens.subject, user.phone)))
      .limit(1);
    if (!token || token.usedAt) throw new DalError('invalid', 'There is no code waiting. Send a new code.', { code: 'Send a new code.' });
    if (token.expiresAt.getTime() <= at.getTime()) throw new DalError('invalid', 'This code has expired. Send a new code.', { code: 'The code has expired.' });
    // Wrong tries are counted per code (a short reference to its hash, never the hash itself).
    const codeRef = token.tokenHash.slice(0, 10);
    const [{ wrong } = { wrong: 0 }] = await tx
      .select({ wrong: count() })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, 'profile.phone_code_wrong' satisfies AuditAction), sql`${auditLog.after}->>'codeRef' = ${codeRef}`));
    const given = Buffer.from(hashPhoneCode(actor.userId, user.phone, code));
    if (given.length === token.tokenHash.length && timingSafeEqual(given, Buffer.from(token.tokenHash))) {
      await tx.update(userTokens).set({ usedAt: at }).where(eq(userTokens.tokenHash, token.tokenHash));
      await tx.update(users).set({ phoneVerifiedAt: at, updatedAt: at }).where(eq(users.id, actor.userId));
      await audit(tx, actor, 'profile.phone_verified', { after: { phone: user.phone } }, meta);
      return 'verified' as const;
    }
    // A wrong code is remembered even though the request fails: that is what limits guessing.
    await audit(tx, actor, 'profile.phone_code_wrong', { after: { phone: user.phone, codeRef } }, meta);
    const left = PHONE_CODE_MAX_TRIES - (Number(wrong) + 1);
    if (left <= 0) await tx.update(userTokens).set({ usedAt: at }).where(eq(userTokens.tokenHash, token.tokenHash));
    return left;
  });
  if (outcome === 'verified') return;
  if (outcome <= 0) throw new DalError('invalid', 'Too many wrong codes. Send a new code.', { code: 'Too many wrong codes: send a new code.' });
  const message = `That code is not right. ${outcome} ${outcome === 1 ? 'try' : 'tries'} left.`;
  throw new DalError('invalid', message, { code: message });
}
