import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { invitations, mailOutbox, memberships } from '@/db/schema';
import { setClockOffset } from '@/lib/clock';
import type { Actor } from '@/lib/access/checks';
import { acceptInvitation, lookUpInvitation } from '@/lib/dal/invitations/accept-invitation';
import { inviteMembers } from '@/lib/dal/invitations/invite-members';
import { listInvitations } from '@/lib/dal/invitations/list-invitations';
import { renewInvitation, revokeInvitation } from '@/lib/dal/invitations/renew-invitation';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { inviteSchema } from '@/lib/validation/invitations';
import { inviteQuerySchema } from '@/lib/validation/invites-query';
import { actorOf } from '../support/actors';
import { createAccount, createMember, meta, PASSWORD, uniqueEmail, type Account } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const ORIGIN = 'http://localhost:3000';
const NEW_PASSWORD = 'velvet harbor compass meadow';
let account: Account;
let admin: Actor;

beforeAll(async () => {
  account = await createAccount('Invite Co');
  await createMember(account.accountId, { role: 'owner' });
  admin = actorOf(await createMember(account.accountId, { role: 'admin' }), 'Ada Admin');
});
beforeEach(() => setClockOffset(0));

const invite = (rows: { email: string; roleId?: string }[], extra: Partial<Parameters<typeof inviteSchema.parse>[0]> = {}) =>
  inviteMembers(admin, inviteSchema.parse({ rows, roleId: account.roleIds.user, ...extra }), { origin: ORIGIN }, meta());

/** The link from the invitation's newest mail. */
async function linkFor(email: string) {
  const db = await getDb();
  const [invitation] = await db.select({ id: invitations.id }).from(invitations).where(eq(invitations.email, email));
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `invitation:${invitation!.id}`));
  const text = mails.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!.text;
  return { id: invitation!.id, token: text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]! };
}

describe('sending invitations', () => {
  it('reports per row what was sent and what was refused and why, and queues the mail with the change', async () => {
    const fresh = uniqueEmail('fresh');
    const results = await invite([{ email: fresh }, { email: 'not-an-email' }, { email: fresh.toUpperCase() }, { email: uniqueEmail('boss'), roleId: account.roleIds.owner }]);
    expect(results).toEqual([
      { email: fresh, outcome: 'sent' },
      { email: 'not-an-email', outcome: 'refused', reason: expect.stringContaining('valid email') },
      { email: fresh, outcome: 'refused', reason: 'Listed twice.' },
      { email: expect.any(String), outcome: 'refused', reason: 'The role Owner is beyond your own permissions.' },
    ]);
    const { token } = await linkFor(fresh);
    expect(await lookUpInvitation(token)).toMatchObject({ ok: true, details: { email: fresh, accountName: 'Invite Co', senderName: 'Ada Admin', roleName: 'User', hasLogin: false } });
  });

  it('refuses an existing member, and refreshes an open invitation instead of making a second (the old link stops working)', async () => {
    const member = await createMember(account.accountId);
    expect(await invite([{ email: member.email }])).toEqual([{ email: member.email, outcome: 'refused', reason: 'Already a member of this account.' }]);
    const again = uniqueEmail('again');
    await invite([{ email: again }]);
    const first = await linkFor(again);
    expect(await invite([{ email: again }])).toEqual([{ email: again, outcome: 'refreshed' }]);
    const second = await linkFor(again);
    expect(second.id).toBe(first.id);
    expect(await lookUpInvitation(first.token)).toEqual({ ok: false, reason: 'unknown' });
    expect(await lookUpInvitation(second.token)).toMatchObject({ ok: true });
  });

  it('refuses a past or far-future end of access, and more than 1,000 rows', () => {
    const rows = [{ email: 'a@example.test' }];
    expect(inviteSchema.safeParse({ rows, roleId: account.roleIds.user, accessExpiresAt: new Date(Date.now() - 60_000) }).success).toBe(false);
    expect(inviteSchema.safeParse({ rows, roleId: account.roleIds.user, accessExpiresAt: new Date(Date.now() + 400 * 86_400_000) }).success).toBe(false);
    expect(inviteSchema.safeParse({ rows: Array.from({ length: 1_001 }, (_, i) => ({ email: `p${i}@example.test` })), roleId: account.roleIds.user }).success).toBe(false);
  });
});

describe('accepting', () => {
  it('a new person sets a name and password; a temporary invitation ends their access, and their session, on time', async () => {
    const email = uniqueEmail('temp');
    const accessEnd = new Date(Date.now() + 2 * 86_400_000);
    await invite([{ email }], { accessExpiresAt: accessEnd });
    const { token } = await linkFor(email);
    expect(await acceptInvitation(token, { kind: 'new', firstName: 'Tina', lastName: 'Temp', password: NEW_PASSWORD }, meta())).toMatchObject({ email, status: 'active' });
    const db = await getDb();
    const [membership] = await db.select().from(memberships).where(and(eq(memberships.accountId, account.accountId), eq(memberships.accessExpiresAt, accessEnd)));
    expect(membership).toBeTruthy();
    const session = await openSession(email, { password: NEW_PASSWORD });
    setClockOffset(2 * 86_400_000 + 60_000);
    expect(await resolveSession(session)).toEqual({ ok: false, reason: 'access_expired' });
    expect(await signInWithPassword({ email, password: NEW_PASSWORD }, meta())).toMatchObject({ code: 'access_expired' });
  });

  it('a link never outlives a temporary access end', async () => {
    const email = uniqueEmail('short');
    const accessEnd = new Date(Date.now() + 86_400_000);
    await invite([{ email }], { accessExpiresAt: accessEnd });
    const db = await getDb();
    const [row] = await db.select().from(invitations).where(eq(invitations.email, email));
    expect(row!.expiresAt.getTime()).toBe(accessEnd.getTime());
  });

  it('belongs to its email: another signed-in login cannot take it; the right login joins with one click', async () => {
    const owner = await createMember((await createAccount()).accountId);
    const stranger = await createMember((await createAccount()).accountId);
    await invite([{ email: owner.email }]);
    const { token } = await linkFor(owner.email);
    expect(await lookUpInvitation(token)).toMatchObject({ ok: true, details: { hasLogin: true } });
    await expect(acceptInvitation(token, { kind: 'signed-in', userId: stranger.userId }, meta())).rejects.toThrow(`This invitation is for ${owner.email}`);
    await expect(acceptInvitation(token, { kind: 'new', firstName: 'Imp', lastName: '', password: NEW_PASSWORD }, meta())).rejects.toThrow(/already has a login/);
    expect(await acceptInvitation(token, { kind: 'signed-in', userId: owner.userId }, meta())).toMatchObject({ status: 'active' });
    expect(await signInWithPassword({ email: owner.email, password: PASSWORD }, meta())).toMatchObject({ ok: true, accountId: null });
  });

  it('accepting twice, an expired link, a revoked link and a tampered token all get a clear refusal', async () => {
    const once = uniqueEmail('once');
    await invite([{ email: once }]);
    const { token } = await linkFor(once);
    await acceptInvitation(token, { kind: 'new', firstName: 'One', lastName: '', password: NEW_PASSWORD }, meta());
    await expect(acceptInvitation(token, { kind: 'new', firstName: 'One', lastName: '', password: NEW_PASSWORD }, meta())).rejects.toThrow('already been accepted');
    expect(await lookUpInvitation(token)).toEqual({ ok: false, reason: 'completed' });
    expect(await lookUpInvitation(`${token.slice(0, -2)}xx`)).toEqual({ ok: false, reason: 'unknown' });

    const late = uniqueEmail('late');
    await invite([{ email: late }]);
    const lateLink = await linkFor(late);
    setClockOffset(8 * 86_400_000);
    expect(await lookUpInvitation(lateLink.token)).toEqual({ ok: false, reason: 'expired' });
    await expect(acceptInvitation(lateLink.token, { kind: 'new', firstName: 'L', lastName: '', password: NEW_PASSWORD }, meta())).rejects.toThrow('expired');
    setClockOffset(0);

    const revoked = uniqueEmail('revoked');
    await invite([{ email: revoked }]);
    const revokedLink = await linkFor(revoked);
    await revokeInvitation(admin, revokedLink.id, meta());
    await expect(acceptInvitation(revokedLink.token, { kind: 'new', firstName: 'R', lastName: '', password: NEW_PASSWORD }, meta())).rejects.toThrow('revoked');
  });

  it('creates nothing twice when two tabs accept at once', async () => {
    const email = uniqueEmail('twotabs');
    await invite([{ email }]);
    const { token } = await linkFor(email);
    const results = await Promise.allSettled([
      acceptInvitation(token, { kind: 'new', firstName: 'Tab', lastName: 'One', password: NEW_PASSWORD }, meta()),
      acceptInvitation(token, { kind: 'new', firstName: 'Tab', lastName: 'Two', password: NEW_PASSWORD }, meta()),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('a Guest’s membership waits for approval', async () => {
    const email = uniqueEmail('guest');
    await invite([{ email, roleId: account.roleIds.guest }]);
    const { token } = await linkFor(email);
    expect(await acceptInvitation(token, { kind: 'new', firstName: 'Gil', lastName: '', password: NEW_PASSWORD }, meta())).toMatchObject({ status: 'pending' });
    expect(await signInWithPassword({ email, password: NEW_PASSWORD }, meta())).toMatchObject({ code: 'pending' });
  });

  it('an SSO invitation is refused while the account has no single sign-on, writing nothing', async () => {
    const email = uniqueEmail('sso');
    await expect(invite([{ email }], { loginType: 'sso' })).rejects.toThrow(/Single sign-on is not set up for this account/);
    const db = await getDb();
    expect(await db.select().from(invitations).where(eq(invitations.email, email))).toHaveLength(0);
  });

  it('an SSO invitation made before that rule is honoured with a clear message', async () => {
    const email = uniqueEmail('sso-old');
    await invite([{ email }]);
    const db = await getDb();
    await db.update(invitations).set({ loginType: 'sso' }).where(eq(invitations.email, email));
    const { token } = await linkFor(email);
    expect(await lookUpInvitation(token)).toMatchObject({ ok: true, details: { loginType: 'sso' } });
    await expect(acceptInvitation(token, { kind: 'new', firstName: 'S', lastName: '', password: NEW_PASSWORD }, meta())).rejects.toThrow(/single sign-on/);
  });
});

describe('resend and copy link', () => {
  it('gives a new link (the emailed one keeps working, issue 13); refused once accepted or revoked', async () => {
    const email = uniqueEmail('resend');
    await invite([{ email }]);
    const first = await linkFor(email);
    const { link } = await renewInvitation(admin, first.id, { mail: false, origin: ORIGIN }, meta());
    expect(await lookUpInvitation(first.token)).toMatchObject({ ok: true });
    expect(await lookUpInvitation(link.split('/invite/')[1]!)).toMatchObject({ ok: true });
    await revokeInvitation(admin, first.id, meta());
    await expect(renewInvitation(admin, first.id, { mail: true, origin: ORIGIN }, meta())).rejects.toThrow('revoked');
  });
});

describe('the Invites tab query', () => {
  it('filters by derived status (an expired invitation shows as Expired with no job), searches by email, and carries the mail status', async () => {
    const own = await createAccount('Listing Co');
    await createMember(own.accountId, { role: 'owner' });
    const lister = await createMember(own.accountId, { role: 'admin' });
    const actor = actorOf(lister, 'Lister');
    const send = (email: string) => inviteMembers(actor, inviteSchema.parse({ rows: [{ email }], roleId: own.roleIds.user }), { origin: ORIGIN }, meta());
    const list = async (overrides: Record<string, unknown>) => (await listInvitations(actor, inviteQuerySchema.parse(overrides))).rows.map((row) => `${row.email}:${row.status}`);

    await send('waiting.one@list.test');
    await send('revoked.one@list.test');
    const db = await getDb();
    const [toRevoke] = await db.select({ id: invitations.id }).from(invitations).where(eq(invitations.email, 'revoked.one@list.test'));
    await revokeInvitation(actor, toRevoke!.id, meta());

    expect(await list({})).toEqual(['waiting.one@list.test:waiting']);
    expect(await list({ status: 'revoked' })).toEqual(['revoked.one@list.test:revoked']);
    expect(await list({ status: null, q: 'WAITING' })).toEqual(['waiting.one@list.test:waiting']);
    const [row] = (await listInvitations(actor, inviteQuerySchema.parse({}))).rows;
    expect(row).toMatchObject({ roleName: 'User', senderName: 'Lister', mail: { status: 'pending', attempts: 0 } });

    setClockOffset(8 * 86_400_000);
    try {
      expect(await list({})).toEqual([]);
      expect(await list({ status: 'expired' })).toEqual(['waiting.one@list.test:expired']);
    } finally {
      setClockOffset(0);
    }
  });
});
