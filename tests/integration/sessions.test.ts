import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, memberships, sessions } from '@/db/schema';
import { hashSessionId } from '@/lib/auth/session-token';
import { setClockOffset } from '@/lib/clock';
import { DalError } from '@/lib/dal/core/errors';
import { endAllSessions, endSession, listUsableMemberships, resolveSession, switchAccount } from '@/lib/dal/sessions/manage-sessions';
import { createAccount, createMember, meta, uniqueEmail } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

/** Where the sessions here sign in from, unless a test names its devices. */
const office = { ip: '203.0.113.20' };

async function actorFor(idHash: string) {
  const resolution = await resolveSession(idHash);
  if (!resolution.ok) throw new Error(resolution.reason);
  const { user, membership } = resolution.context;
  return { sessionIdHash: idHash, user, accountId: membership?.accountId ?? null };
}

describe('resolving a session on each request', () => {
  it('knows the person, the account and the roles', async () => {
    const { accountId } = await createAccount('Resolve Ltd');
    const { email, userId } = await createMember(accountId, { role: 'admin', firstName: 'Grace' });
    const resolution = await resolveSession(await openSession(email, office));
    expect(resolution).toMatchObject({
      ok: true,
      context: { user: { id: userId, firstName: 'Grace', email }, membership: { accountId, accountName: 'Resolve Ltd', roleNames: ['Admin'] } },
    });
  });

  it('refuses an unknown session id', async () => {
    expect(await resolveSession(hashSessionId('made-up'))).toEqual({ ok: false, reason: 'revoked' });
  });

  it('ends on sign-out, with an audit entry', async () => {
    const { accountId } = await createAccount();
    const { email, userId } = await createMember(accountId);
    const idHash = await openSession(email, office);
    await endSession(await actorFor(idHash), meta());
    expect(await resolveSession(idHash)).toEqual({ ok: false, reason: 'signed_out' });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, 'auth.sign_out')));
    expect(entry).toMatchObject({ accountId });
  });

  it('signing out everywhere ends every device’s session, in every account', async () => {
    const first = await createAccount();
    const second = await createAccount();
    const email = uniqueEmail();
    await createMember(first.accountId, { email });
    await createMember(second.accountId, { email });
    const laptop = await openSession(email, { ip: '203.0.113.31' });
    const phone = await openSession(email, { ip: '203.0.113.32' });
    expect(await endAllSessions(await actorFor(laptop), meta())).toBe(2);
    expect(await resolveSession(laptop)).toEqual({ ok: false, reason: 'signed_out_everywhere' });
    expect(await resolveSession(phone)).toEqual({ ok: false, reason: 'signed_out_everywhere' });
  });

  it('ends on the next request after deactivation, and stays ended after reactivation', async () => {
    const { accountId } = await createAccount();
    const { email, membershipId } = await createMember(accountId);
    const idHash = await openSession(email, office);
    const db = await getDb();
    await db.update(memberships).set({ status: 'deactivated' }).where(eq(memberships.id, membershipId));
    expect(await resolveSession(idHash)).toEqual({ ok: false, reason: 'deactivated' });
    await db.update(memberships).set({ status: 'active' }).where(eq(memberships.id, membershipId));
    expect(await resolveSession(idHash)).toEqual({ ok: false, reason: 'deactivated' });
    const [row] = await db.select().from(sessions).where(eq(sessions.idHash, idHash));
    expect(row?.revokedAt).not.toBeNull();
  });

  it('ends when temporary access runs out, by the injectable clock', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId, { accessExpiresAt: new Date(Date.now() + 3_600_000) });
    const idHash = await openSession(email, office);
    expect(await resolveSession(idHash)).toMatchObject({ ok: true });
    setClockOffset(3_600_000 + 1_000);
    try {
      expect(await resolveSession(idHash)).toEqual({ ok: false, reason: 'access_expired' });
    } finally {
      setClockOffset(0);
    }
  });

  it('ends when the session itself expires', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    const idHash = await openSession(email, office);
    setClockOffset(15 * 86_400_000);
    try {
      expect(await resolveSession(idHash)).toEqual({ ok: false, reason: 'session_expired' });
    } finally {
      setClockOffset(0);
    }
  });

  it('ends when the membership is removed', async () => {
    const { accountId } = await createAccount();
    const { email, membershipId } = await createMember(accountId);
    const idHash = await openSession(email, office);
    const db = await getDb();
    await db.delete(memberships).where(eq(memberships.id, membershipId));
    expect(await resolveSession(idHash)).toEqual({ ok: false, reason: 'removed' });
  });
});

describe('choosing and switching accounts', () => {
  it('lists only the accounts the person may enter now', async () => {
    const open = await createAccount('Open Co');
    const closed = await createAccount('Closed Co');
    const expired = await createAccount('Expired Co');
    const email = uniqueEmail();
    const { userId } = await createMember(open.accountId, { email, role: 'admin' });
    await createMember(closed.accountId, { email, status: 'deactivated' });
    await createMember(expired.accountId, { email, accessExpiresAt: new Date(Date.now() - 60_000) });
    expect(await listUsableMemberships(userId)).toEqual([{ accountId: open.accountId, accountName: 'Open Co', roleNames: ['Admin'] }]);
  });

  it('moves the session into an account the person belongs to, with an audit entry', async () => {
    const first = await createAccount('First');
    const second = await createAccount('Second');
    const email = uniqueEmail();
    await createMember(first.accountId, { email });
    const { userId } = await createMember(second.accountId, { email, role: 'guest' });
    const idHash = await openSession(email, office);
    expect(await resolveSession(idHash)).toMatchObject({ ok: true, context: { membership: null } });
    await switchAccount(await actorFor(idHash), second.accountId, meta());
    expect(await resolveSession(idHash)).toMatchObject({ ok: true, context: { membership: { accountId: second.accountId, roleNames: ['Guest'] } } });
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, 'session.account_switched')));
    expect(entry).toMatchObject({ accountId: second.accountId, targetLabel: 'Second' });
  });

  it('refuses an account the person is not an active member of, and changes nothing', async () => {
    const mine = await createAccount();
    const theirs = await createAccount();
    const closed = await createAccount();
    const email = uniqueEmail();
    await createMember(mine.accountId, { email });
    await createMember(closed.accountId, { email, status: 'deactivated' });
    const idHash = await openSession(email, office);
    const actor = await actorFor(idHash);
    await expect(switchAccount(actor, theirs.accountId, meta())).rejects.toThrow(DalError);
    await expect(switchAccount(actor, closed.accountId, meta())).rejects.toThrow('You cannot enter that account.');
    expect(await resolveSession(idHash)).toMatchObject({ ok: true, context: { membership: { accountId: mine.accountId } } });
  });
});
