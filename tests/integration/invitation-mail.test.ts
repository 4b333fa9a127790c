import { and, eq, like } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, invitations, mailOutbox } from '@/db/schema';
import { inviteAction, resendInvitationAction, retryFailedInvitationsAction } from '@/app/(app)/settings/invites/actions';
import { addMemberAction, resendActivationLinkAction } from '@/app/(app)/settings/users/actions';
import { lookUpActivation } from '@/lib/dal/members/activate-login';
import { setClockOffset } from '@/lib/clock';
import { countFailedInvitationMail } from '@/lib/dal/invitations/retry-invitation-mail';
import { deliverDueMail } from '@/lib/dal/ops/mail-outbox';
import { RESENDS_PER_ACCOUNT_PER_HOUR, RESENDS_PER_TARGET_PER_HOUR } from '@/lib/dal/core/resend-limits';
import type { MailSender } from '@/lib/mail/sender';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { createAccount, createMember, uniqueEmail } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();
beforeEach(() => setClockOffset(0));

/** An account with an Admin signed in, who invites `emails`; answers the ids of their invitations. */
async function accountWithInvites(emails: string[]) {
  const { accountId, roleIds } = await createAccount();
  const admin = await createMember(accountId, { role: 'admin' });
  await actAs(admin.email);
  expect(await inviteAction({ rows: emails.map((email) => ({ email })), roleId: roleIds.user })).toMatchObject({ ok: true });
  const db = await getDb();
  const rows = await db.select({ id: invitations.id, email: invitations.email }).from(invitations).where(eq(invitations.accountId, accountId));
  const ids = emails.map((email) => rows.find((row) => row.email === email)!.id);
  return { accountId, roleIds, admin, ids, actor: actorOf(admin, admin.email) };
}

const mailsFor = async (invitationId: string) => (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `invitation:${invitationId}`));

/** Refuses (as Resend does an invalid address) every message to an address `refuses` names; delivers the rest. */
const refusing = (refuses: (to: string) => boolean): MailSender => ({
  name: 'test',
  send: async (mail, key) => (refuses(mail.to) ? { ok: false, retryable: false, statusCode: 422, message: 'Invalid `to` field' } : { ok: true, providerId: `ok:${key}` }),
});

describe('resend limits', () => {
  it(`refuses a ${RESENDS_PER_TARGET_PER_HOUR + 1}th resend of one invitation within the hour, with a typed result, queueing nothing`, async () => {
    const email = uniqueEmail('resend');
    const { ids, roleIds } = await accountWithInvites([email]);
    for (let count = 0; count < RESENDS_PER_TARGET_PER_HOUR; count += 1) expect(await resendInvitationAction({ invitationId: ids[0] })).toEqual({ ok: true, data: null });
    const queued = (await mailsFor(ids[0]!)).length;
    const refused = await resendInvitationAction({ invitationId: ids[0] });
    expect(refused).toEqual({ ok: false, code: 'rate_limited', message: expect.stringMatching(/already sent again 3 times in the last hour\. You can send it again in \d+ minutes\./) });
    expect(await mailsFor(ids[0]!)).toHaveLength(queued);
    // Inviting the same address again (which refreshes the open invitation) is a resend too.
    const again = await inviteAction({ rows: [{ email }], roleId: roleIds.user });
    expect(again).toMatchObject({ ok: true, data: [{ email, outcome: 'refused', reason: expect.stringContaining('already sent again 3 times') }] });
    expect(await mailsFor(ids[0]!)).toHaveLength(queued);
    // An hour later it may be sent again.
    setClockOffset(3_600_000 + 1_000);
    expect(await resendInvitationAction({ invitationId: ids[0] })).toEqual({ ok: true, data: null });
  });

  it(`refuses resends past ${RESENDS_PER_ACCOUNT_PER_HOUR} an hour in one account, whichever invitations they are for; other accounts are not affected`, async () => {
    const { accountId, ids } = await accountWithInvites([uniqueEmail('cap'), uniqueEmail('cap')]);
    const db = await getDb();
    await db.insert(auditLog).values(
      Array.from({ length: RESENDS_PER_ACCOUNT_PER_HOUR - 1 }, (_unused, index) => ({ accountId, action: 'invitation.resent', targetType: 'invitation', targetId: `earlier-${index}` })),
    );
    expect(await resendInvitationAction({ invitationId: ids[0] })).toEqual({ ok: true, data: null });
    expect(await resendInvitationAction({ invitationId: ids[1] })).toMatchObject({ ok: false, code: 'rate_limited', message: expect.stringContaining(`This account has sent ${RESENDS_PER_ACCOUNT_PER_HOUR} links again in the last hour.`) });

    const other = await accountWithInvites([uniqueEmail('other')]);
    expect(await resendInvitationAction({ invitationId: other.ids[0] })).toEqual({ ok: true, data: null });
  });
});

describe('a new activation link', () => {
  it(`is sent at most ${RESENDS_PER_TARGET_PER_HOUR} times an hour per member (the old link stops working)`, async () => {
    const { accountId, roleIds } = await createAccount();
    const admin = await createMember(accountId, { role: 'admin' });
    await actAs(admin.email);
    const email = uniqueEmail('activate');
    const added = await addMemberAction({ email, firstName: 'Ana', lastName: 'Tive', roleId: roleIds.user });
    expect(added).toMatchObject({ ok: true });
    // The link goes only by mail: read it, and the membership, from there.
    const [first] = await (await getDb()).select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), like(mailOutbox.subjectRef, 'activation:%')));
    const membershipId = first!.subjectRef.slice('activation:'.length);
    const activationUrl = first!.text.match(/https?:\/\/\S+\/activate\/[A-Za-z0-9_-]{43}/)![0];
    const mails = async () => (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `activation:${membershipId}`));
    for (let count = 0; count < RESENDS_PER_TARGET_PER_HOUR; count += 1) expect(await resendActivationLinkAction({ membershipId })).toEqual({ ok: true, data: null });
    expect(await lookUpActivation(activationUrl.split('/activate/')[1]!)).toMatchObject({ ok: false });
    expect(await mails()).toHaveLength(1 + RESENDS_PER_TARGET_PER_HOUR);
    expect(await resendActivationLinkAction({ membershipId })).toMatchObject({ ok: false, code: 'rate_limited', message: expect.stringContaining('already sent again 3 times in the last hour') });
    expect(await mails()).toHaveLength(1 + RESENDS_PER_TARGET_PER_HOUR);
    const db = await getDb();
    expect((await db.select().from(auditLog).where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, 'member.activation_resent')))).length).toBe(RESENDS_PER_TARGET_PER_HOUR);
  });

  it('is refused for a member who already has a password', async () => {
    const { accountId } = await createAccount();
    const admin = await createMember(accountId, { role: 'admin' });
    const member = await createMember(accountId, { role: 'user' });
    await actAs(admin.email);
    expect(await resendActivationLinkAction({ membershipId: member.membershipId })).toMatchObject({ ok: false, code: 'conflict' });
  });
});

describe('mail that cannot be delivered', () => {
  it('is marked failed, audited, and its sender told once; Retry all failed sends each failed invitation a new link', async () => {
    const bad = [uniqueEmail('bounce'), uniqueEmail('bounce')];
    const fine = uniqueEmail('fine');
    const { accountId, admin, ids, actor } = await accountWithInvites([...bad, fine]);
    const refuses = (to: string) => to.startsWith('bounce.') || to === admin.email;
    // The batch is refused as a whole, split, then each message goes on its own: two fail, one is sent.
    for (let round = 0; round < 5; round += 1) await deliverDueMail(refusing(refuses));
    const statuses = async () => Promise.all(ids.map(async (id) => (await mailsFor(id)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!.status));
    expect(await statuses()).toEqual(['failed', 'failed', 'sent']);

    const db = await getDb();
    const failures = await db.select().from(auditLog).where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, 'mail.failed')));
    const invitationFailures = failures.filter((entry) => (entry.after as { subjectRef: string }).subjectRef.startsWith('invitation:'));
    expect(invitationFailures.map((entry) => entry.targetLabel).sort()).toEqual([...bad].sort());
    expect(invitationFailures[0]).toMatchObject({ actorUserId: null, actorName: 'Rolecall', targetType: 'mail' });
    // One notice to the sender naming both addresses; it cannot be delivered either (we refuse the Admin's
    // address), and it fails without a notice about the notice.
    const notices = await db.select().from(mailOutbox).where(like(mailOutbox.subjectRef, 'mail_failed_notice:%'));
    const mine = notices.filter((notice) => notice.accountId === accountId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ toAddress: admin.email, status: 'failed', subject: 'Your mail to 2 people was not delivered' });
    expect(mine[0]!.text).toContain(bad[0]);
    expect(mine[0]!.text).toContain(bad[1]);
    // The notice's own failure is audited, and causes no notice about the notice.
    expect(failures.filter((entry) => entry.targetLabel === admin.email)).toHaveLength(1);
    for (let round = 0; round < 3; round += 1) await deliverDueMail(refusing(refuses));
    expect((await db.select().from(mailOutbox).where(like(mailOutbox.subjectRef, 'mail_failed_notice:%'))).filter((notice) => notice.accountId === accountId)).toHaveLength(1);

    // The Invites tab counts them, and one click retries them all, each with a new link.
    expect(await countFailedInvitationMail(actor)).toBe(2);
    const other = await accountWithInvites([uniqueEmail('bounce')]);
    for (let round = 0; round < 3; round += 1) await deliverDueMail(refusing(refuses));
    expect(await countFailedInvitationMail(other.actor)).toBe(1);

    await actAs(admin.email);
    expect(await retryFailedInvitationsAction()).toEqual({ ok: true, data: { retried: 2 } });
    expect(await statuses()).toEqual(['pending', 'pending', 'sent']);
    expect(await countFailedInvitationMail(actor)).toBe(0);
    // Another account's failed mail is untouched.
    expect(await countFailedInvitationMail(other.actor)).toBe(1);
    const retried = await db.select().from(auditLog).where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, 'invitation.mail_retried')));
    expect(retried.map((entry) => entry.targetId).sort()).toEqual([ids[0], ids[1]].sort());
    for (let round = 0; round < 3; round += 1) await deliverDueMail(refusing(() => false));
    expect(await statuses()).toEqual(['sent', 'sent', 'sent']);
  });

  it('Retry all failed needs users.manage', async () => {
    const { accountId } = await createAccount();
    const plain = await createMember(accountId, { role: 'user' });
    await actAs(plain.email);
    expect(await retryFailedInvitationsAction()).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
