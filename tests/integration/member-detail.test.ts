import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeMemberStatusAction, deleteMemberAction, revokeMemberSessionAction, setMemberPasswordAction } from '@/app/(app)/settings/users/actions';
import { getDb } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { getMemberDetail } from '@/lib/dal/members/get-member-detail';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, meta, PASSWORD, uniqueEmail, type Account, type Member } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Account;
let owner: Member;
let admin: Member;

beforeAll(async () => {
  account = await createAccount('Detail Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  admin = await createMember(account.accountId, { role: 'admin' });
});

describe('the user detail page’s data', () => {
  it('shows roles, overrides, where each permission comes from, sessions and recent activity', async () => {
    const member = await createMember(account.accountId, { role: 'user', firstName: 'Dee' });
    await openSession(member.email);
    const detail = await getMemberDetail(actorOf(admin), member.membershipId);
    expect(detail).toMatchObject({ firstName: 'Dee', status: 'active', hasPassword: true, roles: [{ name: 'User' }] });
    expect(detail.explanations['crm.view']).toMatchObject({ granted: true, source: 'role', path: [{ name: 'User' }] });
    expect(detail.explanations['users.manage']).toEqual({ granted: false, source: 'none' });
    expect(detail.sessions).toHaveLength(1);
    expect(detail.activity.map((entry) => entry.action)).toContain('auth.sign_in');
  });

  it('refuses a member without users.manage, and another account’s member', async () => {
    const plain = await createMember(account.accountId, { role: 'user' });
    await expect(getMemberDetail(actorOf(plain), admin.membershipId)).rejects.toThrow(/users.manage/);
    const stranger = await createMember((await createAccount()).accountId);
    await expect(getMemberDetail(actorOf(owner), stranger.membershipId)).rejects.toThrow(/not a member of this account/);
  });
});

describe('change password', () => {
  const password = 'harbor violet compass quilt';

  it('an Owner sets a new password under the policy; the member’s sessions end and the new one works', async () => {
    const member = await createMember(account.accountId);
    const session = await openSession(member.email);
    await actAs(owner.email);
    expect(await setMemberPasswordAction({ membershipId: member.membershipId, password: 'password1234', confirmPassword: 'password1234' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await setMemberPasswordAction({ membershipId: member.membershipId, password, confirmPassword: password })).toEqual({ ok: true, data: { sessionsEnded: 1 } });
    expect(await resolveSession(session)).toEqual({ ok: false, reason: 'password_changed' });
    expect(await signInWithPassword({ email: member.email, password }, meta())).toMatchObject({ ok: true });
  });

  it('refuses an Admin (no users.passwords by default)', async () => {
    const member = await createMember(account.accountId);
    await actAs(admin.email);
    expect(await setMemberPasswordAction({ membershipId: member.membershipId, password, confirmPassword: password })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('sessions', () => {
  it('an admin ends one session of a member; refused for an Owner’s session', async () => {
    const member = await createMember(account.accountId);
    const first = await openSession(member.email);
    const second = await openSession(member.email);
    await actAs(admin.email);
    expect(await revokeMemberSessionAction({ membershipId: member.membershipId, sessionIdHash: first })).toEqual({ ok: true, data: null });
    expect(await resolveSession(first)).toEqual({ ok: false, reason: 'revoked' });
    expect(await resolveSession(second)).toMatchObject({ ok: true });
    expect(await revokeMemberSessionAction({ membershipId: member.membershipId, sessionIdHash: first })).toMatchObject({ ok: false, code: 'not_found' });
    const ownerSession = await openSession(owner.email);
    await actAs(admin.email);
    expect(await revokeMemberSessionAction({ membershipId: owner.membershipId, sessionIdHash: ownerSession })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('disable login, then delete', () => {
  it('refuses deleting an active member; once deactivated deletes membership and person, keeping the name in the audit log', async () => {
    const member = await createMember(account.accountId, { firstName: 'Gone', email: uniqueEmail('gone') });
    await actAs(admin.email);
    expect(await deleteMemberAction({ membershipId: member.membershipId })).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('Disable') });
    await changeMemberStatusAction({ membershipId: member.membershipId, change: 'deactivate' });
    expect(await deleteMemberAction({ membershipId: member.membershipId })).toEqual({ ok: true, data: { userDeleted: true } });
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.id, member.userId))).toHaveLength(0);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'member.deleted'), eq(auditLog.targetId, member.membershipId)));
    expect(entry).toMatchObject({ targetLabel: 'Gone Person', before: { email: member.email, roles: ['User'] } });
  });

  it('keeps the person when they belong to another account', async () => {
    const email = uniqueEmail('shared');
    const member = await createMember(account.accountId, { email });
    await createMember((await createAccount()).accountId, { email });
    await actAs(owner.email);
    await changeMemberStatusAction({ membershipId: member.membershipId, change: 'deactivate' });
    expect(await deleteMemberAction({ membershipId: member.membershipId })).toEqual({ ok: true, data: { userDeleted: false } });
    expect(await signInWithPassword({ email, password: PASSWORD }, meta())).toMatchObject({ ok: true });
  });

  it('refuses deleting yourself', async () => {
    await actAs(admin.email);
    expect(await deleteMemberAction({ membershipId: admin.membershipId })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
