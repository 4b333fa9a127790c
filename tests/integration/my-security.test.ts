import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeMyPasswordAction, revokeMyOtherSessionsAction, revokeMySessionAction, updateProfileDetailsAction } from '@/app/(app)/profile/actions';
import { setMemberRolesAction } from '@/app/(app)/settings/users/actions';
import { getDb } from '@/db/client';
import { auditLog, roles } from '@/db/schema';
import { listMyActivity, listMySessions } from '@/lib/dal/profile/my-security';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { actAs, requestState } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, meta, PASSWORD, type Account, type Member } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Account;
const NEW_PASSWORD = 'lantern meadow copper violin';

beforeAll(async () => {
  account = await createAccount('Security Co');
});

/** Another device of the member's, signing in from its own address. */
const desktop = { ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' };

const alive = async (idHash: string) => (await resolveSession(idHash)).ok;
const selfOf = (member: Member, sessionIdHash: string) => ({ ...actorOf(member), sessionIdHash });

describe('change my password', () => {
  it('needs the current password, follows the policy, and ends my other sessions while this one stays', async () => {
    const member = await createMember(account.accountId, { role: 'guest' });
    const other = await openSession(member.email, desktop);
    const current = (await actAs(member.email)).sessionIdHash;

    expect(await changeMyPasswordAction({ currentPassword: 'not my password at all', password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { currentPassword: 'This is not your current password.' },
    });
    expect(await changeMyPasswordAction({ currentPassword: PASSWORD, password: 'short', confirmPassword: 'short' })).toMatchObject({ ok: false, fieldErrors: { password: 'Use at least 12 characters.' } });
    expect(await changeMyPasswordAction({ currentPassword: PASSWORD, password: 'password1234', confirmPassword: 'password1234' })).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });
    expect(await changeMyPasswordAction({ currentPassword: PASSWORD, password: PASSWORD, confirmPassword: PASSWORD })).toMatchObject({ ok: false, fieldErrors: { password: expect.stringContaining('different') } });
    expect(await changeMyPasswordAction({ currentPassword: PASSWORD, password: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` })).toMatchObject({ ok: false, fieldErrors: { confirmPassword: 'The two passwords differ.' } });
    expect(await alive(other)).toBe(true);

    expect(await changeMyPasswordAction({ currentPassword: PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toEqual({ ok: true, data: { sessionsEnded: 1 } });
    expect(await resolveSession(other)).toEqual({ ok: false, reason: 'password_changed' });
    expect(await alive(current)).toBe(true);
    expect((await signInWithPassword({ email: member.email, password: PASSWORD }, meta())).ok).toBe(false);
    expect((await signInWithPassword({ email: member.email, password: NEW_PASSWORD }, meta())).ok).toBe(true);

    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.actorUserId, member.userId), eq(auditLog.action, 'auth.password_changed')));
    expect(entry).toMatchObject({ accountId: account.accountId, after: { sessionsEnded: 1 }, ip: '203.0.113.99' });
  });

  it('refuses a password made of my own name or email', async () => {
    const member = await createMember(account.accountId, { firstName: 'Bartholomew', email: 'bartholomew.quince@example.test' });
    await actAs(member.email);
    const mine = 'bartholomew.quince@example.test';
    expect(await changeMyPasswordAction({ currentPassword: PASSWORD, password: mine, confirmPassword: mine })).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });
  });

  it('stops after too many wrong current passwords', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await changeMyPasswordAction({ currentPassword: `wrong guess ${attempt}`, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({ code: 'invalid' });
    }
    expect(await changeMyPasswordAction({ currentPassword: PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('Too many') });
  });

  it('parallel wrong current passwords take turns: only the allowed number are checked, the rest are refused as locked', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) => changeMyPasswordAction({ currentPassword: `parallel guess ${attempt}`, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })),
    );
    expect(results.filter((result) => !result.ok && result.code === 'invalid')).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.code === 'forbidden')).toHaveLength(15);
    const db = await getDb();
    const failures = await db.select().from(auditLog).where(and(eq(auditLog.actorUserId, member.userId), eq(auditLog.action, 'auth.password_change_failed')));
    expect(failures).toHaveLength(5);
  });
});

describe('my sessions', () => {
  it('lists device, address and times, this device first and marked', async () => {
    const member = await createMember(account.accountId);
    await openSession(member.email, { ...desktop, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' });
    const current = (await actAs(member.email)).sessionIdHash;
    const sessions = await listMySessions(selfOf(member, current));
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ idHash: current, current: true });
    expect(sessions[1]).toMatchObject({ current: false, ip: '198.51.100.7', device: 'Safari 17 on iOS' });
    expect(sessions[1]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('revokes one other session; not this one, and never someone else’s', async () => {
    const member = await createMember(account.accountId);
    const stranger = await createMember(account.accountId);
    const strangers = await openSession(stranger.email, desktop);
    const other = await openSession(member.email, desktop);
    const current = (await actAs(member.email)).sessionIdHash;

    expect(await revokeMySessionAction({ sessionIdHash: current })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await revokeMySessionAction({ sessionIdHash: strangers })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await alive(strangers)).toBe(true);
    expect(await revokeMySessionAction({ sessionIdHash: 'not/a session' })).toMatchObject({ ok: false, code: 'invalid' });

    expect(await revokeMySessionAction({ sessionIdHash: other })).toEqual({ ok: true, data: null });
    expect(await resolveSession(other)).toEqual({ ok: false, reason: 'revoked' });
    expect(await alive(current)).toBe(true);
    expect(await revokeMySessionAction({ sessionIdHash: other })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('revokes all other sessions at once, keeping this one', async () => {
    const member = await createMember(account.accountId);
    const others = [await openSession(member.email, desktop), await openSession(member.email, desktop)];
    const current = (await actAs(member.email)).sessionIdHash;
    expect(await revokeMyOtherSessionsAction()).toEqual({ ok: true, data: { sessionsEnded: 2 } });
    for (const idHash of others) expect(await alive(idHash)).toBe(false);
    expect(await alive(current)).toBe(true);
    expect(await listMySessions(selfOf(member, current))).toHaveLength(1);
  });
});

describe('my recent activity', () => {
  it('shows what I did and what was done to me in this account, not what others did to others', async () => {
    const member = await createMember(account.accountId);
    const admin = await createMember(account.accountId, { role: 'owner' });
    const bystander = await createMember(account.accountId);
    await actAs(member.email);
    await updateProfileDetailsAction({ firstName: 'Active', lastName: 'Person', description: '' });

    const db = await getDb();
    const [guest] = await db.select({ id: roles.id }).from(roles).where(and(eq(roles.accountId, account.accountId), eq(roles.builtinKey, 'guest')));
    await actAs(admin.email);
    expect(await setMemberRolesAction({ membershipId: member.membershipId, roleIds: [guest!.id] })).toMatchObject({ ok: true });
    expect(await setMemberRolesAction({ membershipId: bystander.membershipId, roleIds: [guest!.id] })).toMatchObject({ ok: true });

    const current = (await actAs(member.email)).sessionIdHash;
    const activity = await listMyActivity(selfOf(member, current));
    const actions = activity.map((entry) => entry.action);
    expect(actions).toContain('profile.updated');
    expect(activity.find((entry) => entry.action === 'member.roles_changed')).toMatchObject({ byOther: true });
    expect(activity.filter((entry) => entry.action === 'member.roles_changed')).toHaveLength(1);
    expect(actions).not.toContain('auth.sign_in');
  });

  it('shows the address and device only of what I did myself, never those of an administrator', async () => {
    const member = await createMember(account.accountId);
    const admin = await createMember(account.accountId, { role: 'owner' });
    await actAs(member.email);
    await updateProfileDetailsAction({ firstName: 'Watched', lastName: 'Person', description: '' });
    const db = await getDb();
    const [guest] = await db.select({ id: roles.id }).from(roles).where(and(eq(roles.accountId, account.accountId), eq(roles.builtinKey, 'guest')));
    await actAs(admin.email);
    requestState.headers.set('x-forwarded-for', '198.51.100.77');
    requestState.headers.set('user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36');
    expect(await setMemberRolesAction({ membershipId: member.membershipId, roleIds: [guest!.id] })).toMatchObject({ ok: true });
    const [recorded] = await db.select().from(auditLog).where(and(eq(auditLog.actorUserId, admin.userId), eq(auditLog.action, 'member.roles_changed')));
    expect(recorded).toMatchObject({ ip: '198.51.100.77' });

    const current = (await actAs(member.email)).sessionIdHash;
    const activity = await listMyActivity(selfOf(member, current));
    expect(activity.find((entry) => entry.action === 'member.roles_changed')).toMatchObject({ byOther: true, ip: null, device: null });
    expect(activity.find((entry) => entry.action === 'profile.updated')).toMatchObject({ byOther: false, ip: '203.0.113.99', device: expect.any(String) });
    expect(JSON.stringify(activity)).not.toContain('198.51.100.77');
  });
});
