import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMemberAction } from '@/app/(app)/settings/users/actions';
import { GET as roleOptionsRoute, type RoleOptions } from '@/app/(app)/settings/users/role-options/route';
import type { ActionResult } from '@/lib/actions/types';
import { readRoute } from '../support/read-route';
import { getDb } from '@/db/client';
import { auditLog, invitations, mailOutbox, membershipOverrides, memberships, users } from '@/db/schema';
import { listKeptMail } from '@/lib/dal/ops/mail-outbox';
import { setClockOffset } from '@/lib/clock';
import { activateLogin, lookUpActivation } from '@/lib/dal/members/activate-login';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { actAs } from '../support/acting-as';
import { createAccount, createMember, meta, PASSWORD, uniqueEmail, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Account;
let admin: Member;
const NEW_PASSWORD = 'lantern orbit velvet quarry';
const tokenOf = (url: string | null) => url!.split('/activate/')[1]!;

/** The link Add user mailed to an address (the only place it goes), and the membership it made, if any. */
async function mailedTo(email: string) {
  const db = await getDb();
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email.toLowerCase())).orderBy(desc(mailOutbox.id));
  const mail = mails[0];
  const url = mail?.text.match(/https?:\/\/\S+\/(?:activate|invite)\/[A-Za-z0-9_-]{43}/)?.[0] ?? null;
  const [membership] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, account.accountId), eq(users.email, email.toLowerCase())));
  return { mail, url, membershipId: membership?.id ?? null };
}

beforeAll(async () => {
  account = await createAccount('Adding Co');
  await createMember(account.accountId, { role: 'owner' });
  admin = await createMember(account.accountId, { role: 'admin' });
});

describe('the local mailbox (/dev/mail)', () => {
  it('shows the account’s kept mail to Owners only, and only while no RESEND_API_KEY is set', async () => {
    const ownerMember = await createMember(account.accountId, { role: 'owner' });
    await actAs(admin.email);
    await addMemberAction({ firstName: 'Mailed', email: uniqueEmail('mailed'), roleId: account.roleIds.user });
    const asOwner = { accountId: account.accountId, membershipId: ownerMember.membershipId };
    expect((await listKeptMail(asOwner)).map((mail) => mail.subject)).toContain('Test Person added you to Adding Co on Rolecall');
    await expect(listKeptMail({ accountId: account.accountId, membershipId: admin.membershipId })).rejects.toThrow(/Only Owners/);
    process.env.RESEND_API_KEY = 're_set';
    try {
      await expect(listKeptMail(asOwner)).rejects.toThrow(/delivered/);
    } finally {
      delete process.env.RESEND_API_KEY;
    }
  });
});

describe('adding a user', () => {
  it('creates the person without a password, with an activation link they use once to sign in', async () => {
    await actAs(admin.email);
    const email = uniqueEmail('new');
    const added = await addMemberAction({ firstName: 'Nia', lastName: 'New', email: email.toUpperCase(), roleId: account.roleIds.user, hiddenModules: ['crm'], denies: ['mail.delete'] });
    expect(added).toEqual({ ok: true, data: { email, mailKeptLocally: true } });
    if (!added.ok) return;
    const sent = await mailedTo(email);
    expect(sent.url).toMatch(/\/activate\/[A-Za-z0-9_-]{43}$/);
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ firstName: 'Nia', passwordHash: null });
    const overrides = await db.select({ kind: membershipOverrides.kind, name: membershipOverrides.name }).from(membershipOverrides).where(eq(membershipOverrides.membershipId, sent.membershipId!));
    expect(overrides).toEqual(expect.arrayContaining([{ kind: 'hide_module', name: 'crm' }, { kind: 'deny', name: 'mail.delete' }]));
    expect(await signInWithPassword({ email, password: NEW_PASSWORD }, meta())).toMatchObject({ code: 'invalid' });

    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `activation:${sent.membershipId!}`));
    expect(mail).toMatchObject({ toAddress: email, status: 'pending', subject: expect.stringContaining('added you to Adding Co') });
    expect(mail!.text).toContain(sent.url!);
    expect(mail!.html).toContain('Set your password');

    const token = tokenOf(sent.url);
    expect(await lookUpActivation(token)).toMatchObject({ ok: true, details: { email, firstName: 'Nia', accountName: 'Adding Co' } });
    await activateLogin(token, NEW_PASSWORD, meta());
    expect(await signInWithPassword({ email, password: NEW_PASSWORD }, meta())).toMatchObject({ ok: true });
    expect(await lookUpActivation(token)).toEqual({ ok: false, reason: 'used' });
    await expect(activateLogin(token, 'another long passphrase here', meta())).rejects.toThrow(/no longer valid/);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'member.added'), eq(auditLog.targetId, sent.membershipId!)));
    expect(entry).toMatchObject({ actorUserId: admin.userId, after: { role: 'User', hiddenModules: ['crm'] } });
  });

  it('lets only one of two simultaneous activations through', async () => {
    await actAs(admin.email);
    const email = uniqueEmail('twin');
    const added = await addMemberAction({ firstName: 'Twin', email, roleId: account.roleIds.user });
    if (!added.ok) throw new Error(added.message);
    const token = tokenOf((await mailedTo(email)).url);
    const results = await Promise.allSettled([activateLogin(token, NEW_PASSWORD, meta()), activateLogin(token, 'a different long passphrase', meta())]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('expires the link after 7 days', async () => {
    await actAs(admin.email);
    const email = uniqueEmail('late');
    const added = await addMemberAction({ firstName: 'Late', email, roleId: account.roleIds.user });
    if (!added.ok) throw new Error(added.message);
    const link = (await mailedTo(email)).url;
    setClockOffset(7 * 86_400_000 + 60_000);
    try {
      expect(await lookUpActivation(tokenOf(link))).toEqual({ ok: false, reason: 'expired' });
      await expect(activateLogin(tokenOf(link), NEW_PASSWORD, meta())).rejects.toThrow(/no longer valid/);
    } finally {
      setClockOffset(0);
    }
  });

  it('never attaches a login that exists elsewhere: it becomes an invitation they accept, with the role and adjustments chosen', async () => {
    const other = await createAccount();
    const elsewhere = await createMember(other.accountId);
    await actAs(admin.email);
    const added = await addMemberAction({ firstName: 'Known', email: elsewhere.email, roleId: account.roleIds.user, hiddenModules: ['crm'] });
    // The same answer as for a brand-new address: nothing tells the admin a login exists.
    expect(added).toEqual({ ok: true, data: { email: elsewhere.email, mailKeptLocally: true } });
    const sent = await mailedTo(elsewhere.email);
    expect(sent.membershipId).toBeNull();
    expect(sent.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    // Still a member of their own account only.
    expect(await signInWithPassword({ email: elsewhere.email, password: PASSWORD }, meta())).toMatchObject({ ok: true, accountId: other.accountId });
    const db = await getDb();
    const [invitation] = await db.select().from(invitations).where(and(eq(invitations.accountId, account.accountId), eq(invitations.email, elsewhere.email)));
    expect(invitation).toMatchObject({ roleId: account.roleIds.user, acceptedAt: null, overrides: { grants: [], denies: [], hiddenModules: ['crm'] } });

    // They accept with their own login; the membership gets the adjustments.
    const { acceptInvitation } = await import('@/lib/dal/invitations/accept-invitation');
    const accepted = await acceptInvitation(sent.url!.split('/invite/')[1]!, { kind: 'signed-in', userId: elsewhere.userId }, meta());
    expect(accepted).toMatchObject({ accountId: account.accountId, status: 'active' });
    const joined = await mailedTo(elsewhere.email);
    const overrides = await db.select({ kind: membershipOverrides.kind, name: membershipOverrides.name }).from(membershipOverrides).where(eq(membershipOverrides.membershipId, joined.membershipId!));
    expect(overrides).toEqual([{ kind: 'hide_module', name: 'crm' }]);
  });

  it('refuses an existing member, a role or grant beyond the admin, another account’s role, and bad input, writing nothing', async () => {
    await actAs(admin.email);
    expect(await addMemberAction({ firstName: 'Dup', email: admin.email, roleId: account.roleIds.user })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await addMemberAction({ firstName: 'Boss', email: uniqueEmail('boss'), roleId: account.roleIds.owner })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await addMemberAction({ firstName: 'Chat', email: uniqueEmail('chat'), roleId: account.roleIds.user, grants: ['webchat.manage'] })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await addMemberAction({ firstName: 'Far', email: uniqueEmail('far'), roleId: (await createAccount()).roleIds.user })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await addMemberAction({ firstName: '', email: 'not-an-email', roleId: account.roleIds.user })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { firstName: expect.any(String), email: expect.any(String) },
    });
    const db = await getDb();
    for (const prefix of ['boss', 'chat', 'far']) {
      const found = await db.select().from(users).where(eq(users.firstName, prefix === 'boss' ? 'Boss' : prefix === 'chat' ? 'Chat' : 'Far'));
      expect(found).toHaveLength(0);
    }
  });

  it('offers only the roles within the admin’s own access, and refuses a member without users.manage', async () => {
    await actAs(admin.email);
    const options = (await readRoute(roleOptionsRoute, '/settings/users/role-options')) as ActionResult<RoleOptions>;
    if (!options.ok) throw new Error(options.message);
    const assignable = Object.fromEntries(options.data.roles.map((role) => [role.name, role.assignable]));
    expect(assignable).toMatchObject({ Owner: false, Admin: true, User: true, Guest: true });
    const plain = await createMember(account.accountId, { role: 'user' });
    await actAs(plain.email);
    expect(await addMemberAction({ firstName: 'Nope', email: uniqueEmail('nope'), roleId: account.roleIds.user })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
