import { and, desc, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgotPasswordAction } from '@/app/(auth)/forgot-password/actions';
import { resetPasswordAction } from '@/app/(auth)/reset-password/[token]/actions';
import type { FormState } from '@/lib/actions/form-state';

/** An answer as its form reads it: the data, or the refusal's message (bad input shows beside its fields) and field errors. */
type Seen<T> = Partial<T> & { message?: string; fieldErrors?: Record<string, string> };
const seen = <T,>(answer: FormState<T>): Seen<T> =>
  (answer.ok ? answer.data : { message: answer.code === 'invalid' ? undefined : answer.message, fieldErrors: answer.fieldErrors }) as Seen<T>;
import { getDb } from '@/db/client';
import { auditLog, mailOutbox, memberships, userTokens, users } from '@/db/schema';
import { decideGate } from '@/lib/auth/gate';
import { hashSecretToken } from '@/lib/auth/session-token';
import { setClockOffset } from '@/lib/clock';
import { DalError } from '@/lib/dal/core/errors';
import { lookUpPasswordReset, requestPasswordReset, resetPassword, RESET_LINK_INVALID } from '@/lib/dal/sessions/reset-password';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { requestState } from '../support/acting-as';
import { createAccount, createMember, meta, PASSWORD, uniqueEmail, type Account } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

// The action signs the person in through next-auth, which needs a real request: here it signs in through the
// same data-layer call next-auth's authorize() makes, so the new password is proven to work.
const signIn = vi.hoisted(() => vi.fn());
vi.mock('@/lib/auth/auth', () => ({ signIn }));
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));

withTestDatabase();

const NEW_PASSWORD = 'harbour quilt meadow sprocket';
const OTHER_PASSWORD = 'violet anchor tundra pebble';
const links = { origin: 'https://rolecall.test' };
let account: Account;
let otherAccount: Account;
let ipCounter = 0;
/** A client address of its own, so one test's requests never count against another's limits. */
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  account = await createAccount('Reset Co');
  otherAccount = await createAccount('Elsewhere Ltd');
  await createMember(account.accountId, { role: 'owner' });
  signIn.mockImplementation(async (_provider: string, { email, password }: { email: string; password: string }) => {
    const result = await signInWithPassword({ email, password }, meta());
    if (!result.ok) throw new Error(`sign-in refused: ${result.code}`);
  });
});

afterEach(() => {
  setClockOffset(0);
  signIn.mockClear();
});

function asForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

function fromAddress(ip: string) {
  requestState.headers = new Headers({ 'user-agent': 'vitest', 'x-forwarded-for': ip });
}

async function mailsTo(email: string) {
  const db = await getDb();
  return db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email)).orderBy(desc(mailOutbox.createdAt));
}

/** The token of the newest reset link mailed to an address (the only place it goes). */
async function linkMailedTo(email: string): Promise<string> {
  const [mail] = await mailsTo(email);
  const token = mail?.text.match(/\/reset-password\/([A-Za-z0-9_-]{43})\b/)?.[1];
  if (!token) throw new Error(`no reset link mailed to ${email}`);
  return token;
}

async function passwordHashOf(userId: string) {
  const db = await getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return user!.passwordHash;
}

async function requestsFor(email: string) {
  const db = await getDb();
  return db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.password_reset_requested'), eq(auditLog.targetLabel, email)));
}

async function ssoOnlyMember() {
  const member = await createMember(account.accountId);
  const db = await getDb();
  await db.update(memberships).set({ loginType: 'sso' }).where(eq(memberships.id, member.membershipId));
  await db.update(users).set({ passwordHash: null }).where(eq(users.id, member.userId));
  return member;
}

describe('asking for a reset link', () => {
  it('answers the same for a known, an unknown and an SSO-only email; only the known one gets a link, the SSO one a mail saying so', async () => {
    const known = await createMember(account.accountId, { firstName: 'Kim' });
    const sso = await ssoOnlyMember();
    const unknown = uniqueEmail('nobody');
    fromAddress(freshIp());

    const answers = [];
    for (const email of [known.email, unknown, sso.email]) {
      const started = performance.now();
      const answer = seen(await forgotPasswordAction(null, asForm({ email: `  ${email.toUpperCase()} ` })));
      answers.push({ answer, ms: performance.now() - started });
    }
    expect(answers.map(({ answer }) => answer)).toEqual([{ sentTo: known.email }, { sentTo: unknown }, { sentTo: sso.email }]);
    // No answer comes faster than the floor, so the time taken does not tell them apart either.
    for (const { ms } of answers) expect(ms).toBeGreaterThanOrEqual(390);

    const [mail] = await mailsTo(known.email);
    expect(mail).toMatchObject({ subject: 'Reset your Rolecall password', accountId: account.accountId, status: 'pending' });
    expect(mail!.text).toMatch(/^Hello Kim/);
    expect(mail!.text).toMatch(/http:\/\/localhost:3000\/reset-password\/[A-Za-z0-9_-]{43}\n/);
    expect(mail!.html).toContain('Choose a new password');
    // Stored hashed, for 30 minutes.
    const token = await linkMailedTo(known.email);
    const db = await getDb();
    const stored = await db.select().from(userTokens).where(and(eq(userTokens.userId, known.userId), eq(userTokens.purpose, 'password_reset')));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(hashSecretToken(token));
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime() - stored[0]!.createdAt.getTime()).toBe(30 * 60_000);

    const ssoMails = await mailsTo(sso.email);
    expect(ssoMails).toHaveLength(1);
    expect(ssoMails[0]).toMatchObject({ subject: 'Your organisation signs you in to Rolecall' });
    expect(ssoMails[0]!.text).toContain('Reset Co signs you in through your organisation (single sign-on)');
    expect(ssoMails[0]!.text).not.toContain('/reset-password/');
    expect(await db.select().from(userTokens).where(eq(userTokens.userId, sso.userId))).toHaveLength(0);
    expect(await mailsTo(unknown)).toHaveLength(0);

    // Every request is audited (that is what the limits count), by the client's address.
    expect(await requestsFor(known.email)).toMatchObject([{ accountId: account.accountId, actorUserId: null, targetId: known.userId, after: { outcome: 'link_sent' } }]);
    expect(await requestsFor(sso.email)).toMatchObject([{ after: { outcome: 'sso' } }]);
    expect(await requestsFor(unknown)).toMatchObject([{ accountId: null, targetId: null, after: { outcome: 'unknown' }, ip: expect.stringMatching(/^198\.51\.100\./) }]);
  });

  it('refuses bad input with a field error and records nothing', async () => {
    fromAddress(freshIp());
    const db = await getDb();
    const before = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'auth.password_reset_requested'));
    for (const email of ['', 'not-an-email', 'nul\u0000@example.test', `${'a'.repeat(5000)}@example.test`]) {
      const answer = seen(await forgotPasswordAction(null, asForm({ email })));
      expect(answer.fieldErrors?.email).toEqual(expect.any(String));
      expect(answer.sentTo).toBeUndefined();
    }
    const file = new FormData();
    file.set('email', new Blob(['x@example.test']), 'email.txt');
    expect((seen(await forgotPasswordAction(null, file))).fieldErrors?.email).toEqual(expect.any(String));
    const after = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'auth.password_reset_requested'));
    expect(after).toHaveLength(before.length);
  });

  it('is limited to 3 requests an hour per email, whoever asks, the same whether or not the email has a login', async () => {
    const known = await createMember(account.accountId);
    const unknown = uniqueEmail('ghost');
    for (const email of [known.email, unknown]) {
      for (let i = 0; i < 3; i += 1) await requestPasswordReset(email, links, meta(freshIp()));
      const refusal = await requestPasswordReset(email, links, meta(freshIp())).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DalError);
      expect(refusal).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^A reset link for this email was asked for several times in the last hour\. Try again in (59|60) minutes\.$/) });
    }
    // Refused: nothing queued, nothing recorded.
    expect(await mailsTo(known.email)).toHaveLength(3);
    expect(await requestsFor(known.email)).toHaveLength(3);
    expect(await requestsFor(unknown)).toHaveLength(3);
    // An hour later, the email may ask again.
    setClockOffset(60 * 60_000 + 1_000);
    await requestPasswordReset(known.email, links, meta(freshIp()));
    expect(await mailsTo(known.email)).toHaveLength(4);
  });

  it('is limited to 10 requests an hour per client address, whatever the emails', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i += 1) await requestPasswordReset(uniqueEmail('spray'), links, meta(ip));
    const known = await createMember(account.accountId);
    await expect(requestPasswordReset(known.email, links, meta(ip))).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many reset links were asked for from your network/) });
    await expect(requestPasswordReset(uniqueEmail('spray'), links, meta(ip))).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await mailsTo(known.email)).toHaveLength(0);
    // Another address is not held back by this one.
    await requestPasswordReset(known.email, links, meta(freshIp()));
    expect(await mailsTo(known.email)).toHaveLength(1);
  });

  it('lets only one of several requests at once past the last free place of an email', async () => {
    const known = await createMember(account.accountId);
    await requestPasswordReset(known.email, links, meta(freshIp()));
    await requestPasswordReset(known.email, links, meta(freshIp()));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => requestPasswordReset(known.email, links, meta(freshIp()))));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await mailsTo(known.email)).toHaveLength(3);
  });
});

describe('setting a new password through the link', () => {
  it('follows the one policy (a weak password changes nothing), ends every session of the login in every account, and signs the person in', async () => {
    const member = await createMember(account.accountId, { firstName: 'Quinn' });
    await createMember(otherAccount.accountId, { email: member.email });
    const sessions = [await openSession(member.email), await openSession(member.email)];
    const hashBefore = await passwordHashOf(member.userId);
    await requestPasswordReset(member.email, links, meta(freshIp()));
    const token = await linkMailedTo(member.email);
    expect(await lookUpPasswordReset(token)).toEqual({ ok: true, details: { email: member.email, firstName: 'Quinn', lastName: 'Person' } });

    const weak = [
      [{ password: 'short', confirmPassword: 'short' }, { password: 'Use at least 12 characters.' }],
      [{ password: 'password1234', confirmPassword: 'password1234' }, { password: expect.any(String) }],
      [{ password: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` }, { confirmPassword: 'The two passwords differ.' }],
    ] as const;
    for (const [fields, errors] of weak) {
      expect(seen(await resetPasswordAction(null, asForm({ token, ...fields })))).toEqual({ fieldErrors: errors });
    }
    // Nothing changed: same password, the link still open, every session alive.
    expect(await passwordHashOf(member.userId)).toBe(hashBefore);
    expect(await lookUpPasswordReset(token)).toMatchObject({ ok: true });
    for (const session of sessions) expect((await resolveSession(session)).ok).toBe(true);
    expect(signIn).not.toHaveBeenCalled();

    fromAddress('192.0.2.44');
    expect(seen(await resetPasswordAction(null, asForm({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })))).toEqual({ redirectTo: '/' });
    expect(signIn).toHaveBeenCalledWith('credentials', { email: member.email, password: NEW_PASSWORD, redirect: false });
    for (const session of sessions) expect(await resolveSession(session)).toEqual({ ok: false, reason: 'password_changed' });
    expect(await signInWithPassword({ email: member.email, password: PASSWORD }, meta())).toMatchObject({ ok: false, code: 'invalid' });
    expect(await signInWithPassword({ email: member.email, password: NEW_PASSWORD }, meta())).toMatchObject({ ok: true });

    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.password_reset'), eq(auditLog.targetId, member.userId)));
    // In two accounts: the entry belongs to neither, as a sign-in's does.
    expect(entry).toMatchObject({ accountId: null, actorUserId: member.userId, actorName: 'Quinn Person', targetLabel: member.email, after: { sessionsEnded: 2 }, ip: '192.0.2.44' });

    // Once only.
    expect(await lookUpPasswordReset(token)).toEqual({ ok: false, reason: 'used' });
    expect(seen(await resetPasswordAction(null, asForm({ token, password: OTHER_PASSWORD, confirmPassword: OTHER_PASSWORD })))).toEqual({ message: RESET_LINK_INVALID });
    expect(await signInWithPassword({ email: member.email, password: NEW_PASSWORD }, meta())).toMatchObject({ ok: true });
  });

  it('of two tabs using the same link at once, exactly one succeeds', async () => {
    const member = await createMember(account.accountId);
    await requestPasswordReset(member.email, links, meta(freshIp()));
    const token = await linkMailedTo(member.email);
    const results = await Promise.allSettled([resetPassword(token, NEW_PASSWORD, meta()), resetPassword(token, OTHER_PASSWORD, meta())]);
    const won = results.findIndex((result) => result.status === 'fulfilled');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results[1 - won]).toMatchObject({ status: 'rejected', reason: { code: 'not_found', message: RESET_LINK_INVALID } });
    const winner = won === 0 ? NEW_PASSWORD : OTHER_PASSWORD;
    const loser = won === 0 ? OTHER_PASSWORD : NEW_PASSWORD;
    expect(await signInWithPassword({ email: member.email, password: winner }, meta())).toMatchObject({ ok: true });
    expect(await signInWithPassword({ email: member.email, password: loser }, meta())).toMatchObject({ ok: false });
    const db = await getDb();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.password_reset'), eq(auditLog.targetId, member.userId)))).toHaveLength(1);
  });

  it('expires 30 minutes after it was asked for', async () => {
    const member = await createMember(account.accountId);
    await requestPasswordReset(member.email, links, meta(freshIp()));
    const token = await linkMailedTo(member.email);
    const hashBefore = await passwordHashOf(member.userId);
    setClockOffset(29 * 60_000);
    expect(await lookUpPasswordReset(token)).toMatchObject({ ok: true });
    setClockOffset(30 * 60_000 + 1_000);
    expect(await lookUpPasswordReset(token)).toEqual({ ok: false, reason: 'expired' });
    await expect(resetPassword(token, NEW_PASSWORD, meta())).rejects.toMatchObject({ code: 'not_found' });
    expect(seen(await resetPasswordAction(null, asForm({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })))).toEqual({ message: RESET_LINK_INVALID });
    expect(await passwordHashOf(member.userId)).toBe(hashBefore);
  });

  it('reaches only its own login; other links of that login stop working once it is used', async () => {
    const member = await createMember(account.accountId);
    const bystander = await createMember(account.accountId);
    const bystanderHash = await passwordHashOf(bystander.userId);
    await requestPasswordReset(member.email, links, meta(freshIp()));
    const first = await linkMailedTo(member.email);
    await requestPasswordReset(member.email, links, meta(freshIp()));
    const second = await linkMailedTo(member.email);
    expect(second).not.toBe(first);
    // The form's hidden email field is not trusted: the link alone says whose password it sets.
    expect(seen(await resetPasswordAction(null, asForm({ token: second, email: bystander.email, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })))).toEqual({ redirectTo: '/' });
    expect(signIn).toHaveBeenCalledWith('credentials', expect.objectContaining({ email: member.email }));
    expect(await passwordHashOf(bystander.userId)).toBe(bystanderHash);
    expect(await lookUpPasswordReset(first)).toEqual({ ok: false, reason: 'used' });
  });

  it('is refused for an unknown, malformed or huge token, and for another kind of link, with a message and no error', async () => {
    const db = await getDb();
    const member = await createMember(account.accountId);
    const activation = 'A'.repeat(43);
    await db.insert(userTokens).values({ tokenHash: hashSecretToken(activation), userId: member.userId, accountId: account.accountId, purpose: 'activation', expiresAt: new Date(Date.now() + 3_600_000) });
    for (const token of [activation, 'b'.repeat(43), 'nul\u0000token-with-enough-length', 'x'.repeat(100_000), '']) {
      expect(seen(await resetPasswordAction(null, asForm({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })))).toEqual({ message: RESET_LINK_INVALID });
    }
    expect(await lookUpPasswordReset(activation)).toEqual({ ok: false, reason: 'unknown' });
    expect(await lookUpPasswordReset('nul\u0000')).toEqual({ ok: false, reason: 'unknown' });
    expect(seen(await resetPasswordAction(null, new FormData()))).toEqual({ message: RESET_LINK_INVALID });
    expect(signIn).not.toHaveBeenCalled();
  });

  it('is not offered to a login whose accounts now all sign it in through single sign-on', async () => {
    const member = await createMember(account.accountId);
    await requestPasswordReset(member.email, links, meta(freshIp()));
    const token = await linkMailedTo(member.email);
    const db = await getDb();
    await db.update(memberships).set({ loginType: 'sso' }).where(eq(memberships.id, member.membershipId));
    const hashBefore = await passwordHashOf(member.userId);
    expect(await lookUpPasswordReset(token)).toEqual({ ok: false, reason: 'sso' });
    expect((seen(await resetPasswordAction(null, asForm({ token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })))).message).toMatch(/single sign-on/);
    await expect(resetPassword(token, NEW_PASSWORD, meta())).rejects.toMatchObject({ code: 'conflict' });
    // Nothing half-written: the password stays, and the link was not used up.
    expect(await passwordHashOf(member.userId)).toBe(hashBefore);
    const [stored] = await db.select().from(userTokens).where(eq(userTokens.tokenHash, hashSecretToken(token)));
    expect(stored!.usedAt).toBeNull();
  });

  it('lets a person locked out by failed sign-ins in again with the new password, and ends their open activation link', async () => {
    const member = await createMember(account.accountId);
    const db = await getDb();
    const activation = 'C'.repeat(43);
    await db.insert(userTokens).values({ tokenHash: hashSecretToken(activation), userId: member.userId, accountId: account.accountId, purpose: 'activation', expiresAt: new Date(Date.now() + 3_600_000) });
    for (let i = 0; i < 5; i += 1) await signInWithPassword({ email: member.email, password: 'a wrong guess at it' }, meta(freshIp()));
    expect(await signInWithPassword({ email: member.email, password: PASSWORD }, meta(freshIp()))).toMatchObject({ ok: false, code: 'locked' });
    await requestPasswordReset(member.email, links, meta(freshIp()));
    await resetPassword(await linkMailedTo(member.email), NEW_PASSWORD, meta(freshIp()));
    expect(await signInWithPassword({ email: member.email, password: NEW_PASSWORD }, meta(freshIp()))).toMatchObject({ ok: true });
    const [open] = await db.select({ usedAt: userTokens.usedAt }).from(userTokens).where(inArray(userTokens.tokenHash, [hashSecretToken(activation)]));
    expect(open!.usedAt).not.toBeNull();
  });
});

describe('the first gate', () => {
  it('lets anonymous visitors reach the forgot-password and reset pages', async () => {
    expect(await decideGate('/forgot-password', undefined)).toMatchObject({ kind: 'pass' });
    expect(await decideGate('/reset-password/some-token', undefined)).toMatchObject({ kind: 'pass' });
    expect(await decideGate('/reset-password', undefined)).toEqual({ kind: 'login', ended: null });
  });
});
