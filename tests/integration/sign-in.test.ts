import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, loginAttempts, sessions } from '@/db/schema';
import { hashSessionId } from '@/lib/auth/session-token';
import { setClockOffset } from '@/lib/clock';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { createAccount, createMember, meta, PASSWORD, uniqueEmail } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const minutes = (n: number) => n * 60_000;

describe('signing in with a password', () => {
  it('opens a session stored only by the hash of its id, with an audit entry', async () => {
    const { accountId } = await createAccount();
    const { email, userId } = await createMember(accountId);
    const result = await signInWithPassword({ email: email.toUpperCase(), password: PASSWORD }, meta());
    expect(result).toMatchObject({ ok: true, userId, accountId });
    if (!result.ok) return;
    const db = await getDb();
    const [row] = await db.select().from(sessions).where(eq(sessions.userId, userId));
    expect(row!.idHash).toBe(hashSessionId(result.sessionId));
    expect(row!.idHash).not.toBe(result.sessionId);
    expect(row).toMatchObject({ accountId, ip: '203.0.113.10', userAgent: 'vitest', revokedAt: null });
    const audits = await db.select().from(auditLog).where(eq(auditLog.actorUserId, userId));
    expect(audits.map((entry) => entry.action)).toContain('auth.sign_in');
  });

  it('answers a wrong password and an unknown email the same way, and records both failures', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    const wrong = await signInWithPassword({ email, password: 'not the password at all' }, meta('198.51.100.1'));
    const unknown = await signInWithPassword({ email: uniqueEmail('ghost'), password: PASSWORD }, meta('198.51.100.1'));
    expect(wrong).toEqual({ ok: false, code: 'invalid' });
    expect(unknown).toEqual({ ok: false, code: 'invalid' });
    const db = await getDb();
    const failures = await db.select().from(loginAttempts).where(eq(loginAttempts.ip, '198.51.100.1'));
    expect(failures.map((attempt) => attempt.succeeded)).toEqual([false, false]);
  });

  it.each([
    ['deactivated', { status: 'deactivated' as const }],
    ['pending', { status: 'pending' as const }],
    ['access_expired', { accessExpiresAt: new Date(Date.now() - minutes(1)) }],
  ])('refuses a %s membership with that reason and opens no session', async (code, options) => {
    const { accountId } = await createAccount();
    const { email, userId } = await createMember(accountId, options);
    expect(await signInWithPassword({ email, password: PASSWORD }, meta())).toEqual({ ok: false, code });
    const db = await getDb();
    expect(await db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(0);
  });

  it('leaves the account to pick when the person has several, and skips the ones they cannot enter', async () => {
    const first = await createAccount();
    const second = await createAccount();
    const third = await createAccount();
    const email = uniqueEmail('multi');
    await createMember(first.accountId, { email });
    await createMember(second.accountId, { email });
    await createMember(third.accountId, { email, status: 'deactivated' });
    expect(await signInWithPassword({ email, password: PASSWORD }, meta())).toMatchObject({ ok: true, accountId: null });
  });
});

describe('throttling failed sign-ins', () => {
  it('refuses the sixth attempt on one email within 15 minutes, even with the right password, and says how long to wait', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await signInWithPassword({ email, password: `wrong ${attempt}` }, meta(`10.1.0.${attempt}`))).toMatchObject({ code: 'invalid' });
    }
    const locked = await signInWithPassword({ email, password: PASSWORD }, meta('10.1.0.99'));
    expect(locked).toMatchObject({ ok: false, code: 'locked' });
    expect(!locked.ok && locked.retryAfterSeconds).toBeGreaterThan(14 * 60);

    setClockOffset(minutes(16));
    try {
      expect(await signInWithPassword({ email, password: PASSWORD }, meta('10.1.0.99'))).toMatchObject({ ok: true });
    } finally {
      setClockOffset(0);
    }
  });

  it('clears an email’s failures after a successful sign-in', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    for (let attempt = 0; attempt < 4; attempt += 1) await signInWithPassword({ email, password: 'wrong' }, meta(`10.2.0.${attempt}`));
    expect(await signInWithPassword({ email, password: PASSWORD }, meta('10.2.0.50'))).toMatchObject({ ok: true });
    for (let attempt = 0; attempt < 4; attempt += 1) await signInWithPassword({ email, password: 'wrong' }, meta(`10.2.1.${attempt}`));
    expect(await signInWithPassword({ email, password: PASSWORD }, meta('10.2.0.51'))).toMatchObject({ ok: true });
  });

  it('locks out one address that guesses across many emails, and not the others', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await signInWithPassword({ email: uniqueEmail('spray'), password: 'guess' }, meta('10.3.0.1'));
    }
    expect(await signInWithPassword({ email, password: PASSWORD }, meta('10.3.0.1'))).toMatchObject({ code: 'locked' });
    expect(await signInWithPassword({ email, password: PASSWORD }, meta('10.3.0.2'))).toMatchObject({ ok: true });
  });

  it('lets only five of many parallel guesses be checked', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, attempt) => signInWithPassword({ email, password: `parallel ${attempt}` }, meta(`10.4.0.${attempt}`))),
    );
    expect(results.filter((result) => !result.ok && result.code === 'invalid')).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.code === 'locked')).toHaveLength(3);
  });
});
