import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inviteAction } from '@/app/(app)/settings/invites/actions';
import { addMemberAction, changeMemberStatusAction, resendActivationLinkAction, setMemberPasswordAction } from '@/app/(app)/settings/users/actions';
import { getDb } from '@/db/client';
import { mailOutbox, memberships, sessions, userTokens, users } from '@/db/schema';
import { activateLogin } from '@/lib/dal/members/activate-login';
import { acceptInvitation } from '@/lib/dal/invitations/accept-invitation';
import { getMemberDetail } from '@/lib/dal/members/get-member-detail';
import { resolveSession, switchAccount } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, meta, uniqueEmail, type Account, type Member } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

// Issue 12, item 1: a login belongs to its person. Account A must never reach B through a shared login.
let accountA: Account;
let accountB: Account;
let ownerA: Member;
let adminA: Member;
const NEW_PASSWORD = 'attacker chosen passphrase';

beforeAll(async () => {
  accountA = await createAccount('Account A');
  accountB = await createAccount('Account B');
  ownerA = await createMember(accountA.accountId, { role: 'owner' });
  adminA = await createMember(accountA.accountId, { role: 'admin' });
});

async function membershipIn(accountId: string, userId: string) {
  const db = await getDb();
  const [row] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  return row?.id ?? null;
}

async function passwordHashOf(userId: string) {
  const db = await getDb();
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row!.passwordHash;
}

describe('a login that belongs to another account', () => {
  it('an Owner of A who adds a member of B gets no membership, no say over the password, and no way into B', async () => {
    const victim = await createMember(accountB.accountId, { role: 'admin' });
    const before = await passwordHashOf(victim.userId);
    await actAs(ownerA.email);
    const added = await addMemberAction({ firstName: 'Victim', email: victim.email, roleId: accountA.roleIds.user });
    expect(added).toMatchObject({ ok: true });
    expect(await membershipIn(accountA.accountId, victim.userId)).toBeNull();
    expect(await passwordHashOf(victim.userId)).toBe(before);
    // Signing in as them with a password A chose is impossible: A never set one.
    expect(await signInWithPassword({ email: victim.email, password: NEW_PASSWORD }, meta())).toMatchObject({ ok: false });
  });

  it('an Admin of A cannot get an activation link for a login without a password (an SSO member elsewhere)', async () => {
    const ssoPerson = await createMember(accountB.accountId, { role: 'user' });
    const db = await getDb();
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, ssoPerson.userId));
    await actAs(adminA.email);
    const added = await addMemberAction({ firstName: 'Sso', email: ssoPerson.email, roleId: accountA.roleIds.user });
    expect(added).toMatchObject({ ok: true });
    expect(await db.select().from(userTokens).where(eq(userTokens.userId, ssoPerson.userId))).toHaveLength(0);
    const mails = await db.select({ subjectRef: mailOutbox.subjectRef, text: mailOutbox.text }).from(mailOutbox).where(eq(mailOutbox.toAddress, ssoPerson.email));
    expect(mails.map((mail) => mail.subjectRef)).toEqual([expect.stringMatching(/^invitation:/)]);
    expect(mails[0]!.text).not.toMatch(/\/activate\//);
  });

  it('answers Add user the same whether the address has a login or not', async () => {
    const existing = await createMember(accountB.accountId);
    const fresh = uniqueEmail('fresh');
    await actAs(adminA.email);
    const a = await addMemberAction({ firstName: 'One', email: existing.email, roleId: accountA.roleIds.user });
    const b = await addMemberAction({ firstName: 'Two', email: fresh, roleId: accountA.roleIds.user });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(Object.keys(a.data).sort()).toEqual(Object.keys(b.data).sort());
    expect({ ...a.data, email: '' }).toEqual({ ...b.data, email: '' });
  });

  it('once the person also belongs to B, A can no longer set their password, but can still end their sessions here and deactivate them', async () => {
    // Created by A (home A), then joins B with their own login.
    const person = await createMember(accountA.accountId, { role: 'user', firstName: 'Shared' });
    await createMember(accountB.accountId, { email: person.email, role: 'admin' });
    const before = await passwordHashOf(person.userId);
    const sessionInB = await openSession(person.email);
    await switchAccount({ sessionIdHash: sessionInB, user: { id: person.userId, firstName: 'Shared', lastName: 'Person' }, accountId: null }, accountB.accountId, meta());

    await actAs(ownerA.email);
    const refused = await setMemberPasswordAction({ membershipId: person.membershipId, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/also belongs to another account/) });
    expect(await passwordHashOf(person.userId)).toBe(before);
    const detail = await getMemberDetail(actorOf(ownerA), person.membershipId);
    expect(detail.credentialsNote).toMatch(/only they can change their password/);

    // Deactivating them in A ends A's sessions only: their session in B lives on.
    expect(await changeMemberStatusAction({ membershipId: person.membershipId, change: 'deactivate' })).toMatchObject({ ok: true });
    expect(await resolveSession(sessionInB)).toMatchObject({ ok: true, context: { membership: { accountId: accountB.accountId } } });
  });

  it('a login created by B and later invited into A is never A’s to manage, even after it leaves B', async () => {
    const person = await createMember(accountB.accountId, { role: 'user' });
    await createMember(accountA.accountId, { email: person.email, role: 'user' });
    const db = await getDb();
    await db.delete(memberships).where(and(eq(memberships.accountId, accountB.accountId), eq(memberships.userId, person.userId)));
    const inA = (await membershipIn(accountA.accountId, person.userId))!;
    await actAs(ownerA.email);
    expect(await setMemberPasswordAction({ membershipId: inA, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringMatching(/not created by this account/),
    });
  });

  it('A cannot send a new activation link for a passwordless login that also belongs to B (attached before this rule)', async () => {
    const ssoPerson = await createMember(accountB.accountId, { role: 'user' });
    const db = await getDb();
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, ssoPerson.userId));
    // The old Add user attached logins like this one; its membership in A survives from then.
    await createMember(accountA.accountId, { email: ssoPerson.email });
    const inA = (await membershipIn(accountA.accountId, ssoPerson.userId))!;
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, ssoPerson.userId));
    await actAs(adminA.email);
    expect(await resendActivationLinkAction({ membershipId: inA })).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/only they can change their password/) });
    expect(await db.select().from(userTokens).where(eq(userTokens.userId, ssoPerson.userId))).toHaveLength(0);
  });

  it('A still sets the password of a login it created and that belongs to it alone', async () => {
    const own = await createMember(accountA.accountId, { role: 'user' });
    await actAs(ownerA.email);
    expect(await setMemberPasswordAction({ membershipId: own.membershipId, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({ ok: true });
    expect(await signInWithPassword({ email: own.email, password: NEW_PASSWORD }, meta())).toMatchObject({ ok: true });
    expect((await getMemberDetail(actorOf(ownerA), own.membershipId)).credentialsNote).toBeNull();
  });

  it('an activation link A handed out stops setting a password once the login also belongs to another account', async () => {
    const email = uniqueEmail('late-join');
    await actAs(adminA.email);
    expect(await addMemberAction({ firstName: 'Late', email, roleId: accountA.roleIds.user })).toMatchObject({ ok: true });
    const db = await getDb();
    const [mail] = await db.select({ text: mailOutbox.text }).from(mailOutbox).where(eq(mailOutbox.toAddress, email));
    const token = mail!.text.match(/\/activate\/([A-Za-z0-9_-]{43})/)![1]!;
    await createMember(accountB.accountId, { email });
    await expect(activateLogin(token, NEW_PASSWORD, meta())).rejects.toThrow(/no longer valid/);
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(await passwordHashOf(user!.id)).not.toBeNull(); // still the one createMember set, not A's
    expect(await signInWithPassword({ email, password: NEW_PASSWORD }, meta())).toMatchObject({ ok: false });
  });

  it('a password being set by A and the person joining B at the same time never leave A holding a password valid in B', async () => {
    for (let round = 0; round < 3; round += 1) {
      const person = await createMember(accountA.accountId, { role: 'user' });
      // B invites them; they accept while A's Owner sets their password.
      const db = await getDb();
      const ownerB = await createMember(accountB.accountId, { role: 'owner' });
      await actAs(ownerB.email);
      expect(await inviteAction({ rows: [{ email: person.email }], roleId: accountB.roleIds.user, loginType: 'local', linkDays: 7 })).toMatchObject({ ok: true });
      const [mail] = await db.select({ text: mailOutbox.text }).from(mailOutbox).where(and(eq(mailOutbox.toAddress, person.email), eq(mailOutbox.accountId, accountB.accountId)));
      const token = mail!.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]!;
      await actAs(ownerA.email);
      const [set, accepted] = await Promise.allSettled([
        setMemberPasswordAction({ membershipId: person.membershipId, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
        acceptInvitation(token, { kind: 'signed-in', userId: person.userId }, meta()),
      ]);
      expect(accepted.status).toBe('fulfilled');
      const setOk = set.status === 'fulfilled' && set.value.ok;
      if (setOk) {
        // A's change came first, while the login was A's alone: that ended every session, B's included.
        const open = await db.select().from(sessions).where(and(eq(sessions.userId, person.userId), eq(sessions.accountId, accountB.accountId)));
        expect(open.every((session) => session.revokedAt !== null)).toBe(true);
      } else {
        expect(set).toMatchObject({ status: 'fulfilled', value: { ok: false, code: 'forbidden' } });
      }
      // Either way, from now on A cannot set it.
      expect(await setMemberPasswordAction({ membershipId: person.membershipId, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });
});
