import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { invitationLinks, invitations, mailOutbox, memberships, users } from '@/db/schema';
import { setClockOffset } from '@/lib/clock';
import type { Actor } from '@/lib/access/checks';
import { acceptInvitation, lookUpInvitation } from '@/lib/dal/invitations/accept-invitation';
import { retryFailedInvitationMail } from '@/lib/dal/invitations/retry-invitation-mail';
import { MAX_LIVE_LINKS } from '@/lib/dal/invitations/invitation-links';
import { inviteMembers } from '@/lib/dal/invitations/invite-members';
import { renewInvitation, revokeInvitation } from '@/lib/dal/invitations/renew-invitation';
import { inviteSchema } from '@/lib/validation/invitations';
import { actorOf } from '../support/actors';
import { createAccount, createMember, meta, uniqueEmail, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const ORIGIN = 'http://localhost:3000';
const NEW_PASSWORD = 'velvet harbor compass meadow';
let account: Account;
let admin: Actor;

beforeAll(async () => {
  account = await createAccount('Links Co');
  await createMember(account.accountId, { role: 'owner' });
  admin = actorOf(await createMember(account.accountId, { role: 'admin' }), 'Ada Admin');
});
beforeEach(() => setClockOffset(0));

const invite = (email: string, roleId = account.roleIds.user) =>
  inviteMembers(admin, inviteSchema.parse({ rows: [{ email }], roleId }), { origin: ORIGIN }, meta());
const tokenOf = (link: string) => link.split('/invite/')[1]!;
const copy = async (id: string) => tokenOf((await renewInvitation(admin, id, { mail: false, origin: ORIGIN }, meta())).link);
const resend = async (id: string) => tokenOf((await renewInvitation(admin, id, { mail: true, origin: ORIGIN }, meta())).link);
const accept = (token: string, firstName = 'Nia') => acceptInvitation(token, { kind: 'new', firstName, lastName: 'Lane', password: NEW_PASSWORD }, meta());

/** The invitation's id and the link in its newest mail. */
async function mailed(email: string) {
  const db = await getDb();
  const [invitation] = await db.select({ id: invitations.id }).from(invitations).where(eq(invitations.email, email));
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `invitation:${invitation!.id}`));
  const text = mails.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!.text;
  return { id: invitation!.id, token: text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1]!, mails: mails.length };
}

async function linksOf(invitationId: string) {
  const db = await getDb();
  return db.select().from(invitationLinks).where(eq(invitationLinks.invitationId, invitationId));
}

describe('an invitation with several links', () => {
  it('Copy link adds a link: the emailed link keeps working, both open the same invitation, and each is stored only as its hash', async () => {
    const email = uniqueEmail('copy');
    await invite(email);
    const first = await mailed(email);
    const copied = await copy(first.id);
    expect(copied).not.toBe(first.token);
    for (const token of [first.token, copied]) expect(await lookUpInvitation(token)).toMatchObject({ ok: true, details: { email } });

    const links = await linksOf(first.id);
    expect(links.map((link) => link.purpose).sort()).toEqual(['copy', 'mail']);
    const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');
    expect(links.map((link) => link.tokenHash).sort()).toEqual([sha256(first.token), sha256(copied)].sort());
    expect(links.find((link) => link.purpose === 'copy')).toMatchObject({ createdByUserId: admin.userId });
    // Copying a link sends nothing.
    expect((await mailed(email)).mails).toBe(first.mails);
  });

  it('Resend mails a new link and the earlier ones keep working', async () => {
    const email = uniqueEmail('resend');
    await invite(email);
    const first = await mailed(email);
    const copied = await copy(first.id);
    const resent = await resend(first.id);
    const second = await mailed(email);
    expect(second.token).toBe(resent);
    expect(second.mails).toBe(first.mails + 1);
    for (const token of [first.token, copied, resent]) expect(await lookUpInvitation(token)).toMatchObject({ ok: true });
  });

  it('revoking the invitation ends every one of its links', async () => {
    const email = uniqueEmail('revoke');
    await invite(email);
    const first = await mailed(email);
    const tokens = [first.token, await copy(first.id), await resend(first.id)];
    await revokeInvitation(admin, first.id, meta());
    for (const token of tokens) {
      expect(await lookUpInvitation(token)).toEqual({ ok: false, reason: 'revoked' });
      await expect(accept(token)).rejects.toThrow('revoked');
    }
  });

  it('accepting through one link closes the invitation for all the others', async () => {
    const email = uniqueEmail('accept');
    await invite(email);
    const first = await mailed(email);
    const copied = await copy(first.id);
    expect(await accept(copied)).toMatchObject({ email, status: 'active' });
    expect(await lookUpInvitation(first.token)).toEqual({ ok: false, reason: 'completed' });
    await expect(accept(first.token)).rejects.toThrow('already been accepted');
  });

  it('two tabs accepting through two different links at once make one membership', async () => {
    const email = uniqueEmail('twotabs');
    await invite(email);
    const first = await mailed(email);
    const copied = await copy(first.id);
    const results = await Promise.allSettled([accept(first.token, 'Tab one'), accept(copied, 'Tab two')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const db = await getDb();
    const joined = await db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(users.email, email), eq(memberships.accountId, account.accountId)));
    expect(joined).toHaveLength(1);
  });

  it('every link ends with the invitation’s expiry', async () => {
    const email = uniqueEmail('late');
    await invite(email);
    const first = await mailed(email);
    const copied = await copy(first.id);
    setClockOffset(8 * 86_400_000);
    for (const token of [first.token, copied]) expect(await lookUpInvitation(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it(`keeps at most ${MAX_LIVE_LINKS} links: past that the oldest copied link ends, never the emailed one`, async () => {
    const email = uniqueEmail('cap');
    await invite(email);
    const first = await mailed(email);
    const copies: string[] = [];
    for (let i = 0; i < MAX_LIVE_LINKS; i += 1) copies.push(await copy(first.id));
    expect(await linksOf(first.id)).toHaveLength(MAX_LIVE_LINKS);
    expect(await lookUpInvitation(copies[0]!)).toEqual({ ok: false, reason: 'unknown' });
    for (const token of [first.token, copies[1]!, copies.at(-1)!]) expect(await lookUpInvitation(token)).toMatchObject({ ok: true });
  });

  it('inviting the same address again ends the earlier links: the new terms go with the new link only', async () => {
    const email = uniqueEmail('refresh');
    await invite(email);
    const first = await mailed(email);
    const copied = await copy(first.id);
    expect(await invite(email, account.roleIds.guest)).toEqual([{ email, outcome: 'refreshed' }]);
    const second = await mailed(email);
    for (const token of [first.token, copied]) expect(await lookUpInvitation(token)).toEqual({ ok: false, reason: 'unknown' });
    expect(await lookUpInvitation(second.token)).toMatchObject({ ok: true, details: { roleName: 'Guest' } });
    expect(await linksOf(first.id)).toHaveLength(1);
  });

  it('Retry all failed mails a new link; a link copied meanwhile keeps working', async () => {
    const email = uniqueEmail('failed');
    await invite(email);
    const first = await mailed(email);
    const copied = await copy(first.id);
    const db = await getDb();
    await db.update(mailOutbox).set({ status: 'failed', lastError: 'Not delivered after 3 days: 503' }).where(eq(mailOutbox.subjectRef, `invitation:${first.id}`));
    expect(await retryFailedInvitationMail(admin, { origin: ORIGIN }, meta())).toEqual({ retried: 1 });
    const retried = await mailed(email);
    expect(retried.token).not.toBe(first.token);
    for (const token of [retried.token, copied]) expect(await lookUpInvitation(token)).toMatchObject({ ok: true });
    expect((await linksOf(first.id)).filter((link) => link.purpose === 'mail')).toHaveLength(2);
  });
});
