import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulkMembersAction, setMemberAccessEndAction } from '@/app/(app)/settings/users/actions';
import { getDb } from '@/db/client';
import { auditLog, mailOutbox, membershipOverrides, memberships } from '@/db/schema';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { actAs } from '../support/acting-as';
import { createAccount, createMember, meta, PASSWORD, type Account, type Member } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const HOUR = 3_600_000;
let account: Account;
let owner: Member;
let admin: Member;

beforeAll(async () => {
  account = await createAccount('Temporary Co');
  owner = await createMember(account.accountId, { role: 'owner', firstName: 'Olga' });
  admin = await createMember(account.accountId, { role: 'admin', firstName: 'Adam' });
});

async function accessEndOf(membershipId: string) {
  const db = await getDb();
  const [row] = await db.select({ accessExpiresAt: memberships.accessExpiresAt }).from(memberships).where(eq(memberships.id, membershipId));
  return row!.accessExpiresAt;
}

describe('temporary access after acceptance (the Access ends control)', () => {
  it('extending an expired member revives their access without a new invitation; they are told by mail and it is audited', async () => {
    const member = await createMember(account.accountId, { firstName: 'Exa', accessExpiresAt: new Date(Date.now() - HOUR) });
    expect(await signInWithPassword({ email: member.email, password: PASSWORD }, meta())).toMatchObject({ ok: false, code: 'access_expired' });
    await actAs(admin.email);
    const endsAt = new Date(Date.now() + 48 * HOUR);
    const result = await setMemberAccessEndAction({ membershipId: member.membershipId, change: { mode: 'until', endsAt: endsAt.toISOString() } });
    expect(result).toEqual({ ok: true, data: { changed: true, accessExpiresAt: endsAt.toISOString() } });
    expect(await signInWithPassword({ email: member.email, password: PASSWORD }, meta())).toMatchObject({ ok: true });
    const db = await getDb();
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, `access-end:${member.membershipId}`));
    expect(mail).toMatchObject({ toAddress: member.email, subject: expect.stringContaining('now ends on') });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'member.access_end_changed'), eq(auditLog.targetId, member.membershipId)));
    expect(entry).toMatchObject({ actorUserId: admin.userId, before: { expired: true }, after: { accessExpiresAt: endsAt.toISOString(), mode: 'until' } });
  });

  it('“End now” ends access and this account’s sessions on the next request; “Make permanent” removes the end', async () => {
    const member = await createMember(account.accountId, { firstName: 'Endy' });
    const session = await openSession(member.email);
    await actAs(admin.email);
    expect(await setMemberAccessEndAction({ membershipId: member.membershipId, change: { mode: 'now' } })).toMatchObject({ ok: true, data: { changed: true } });
    expect(await resolveSession(session)).toMatchObject({ ok: false });
    expect(await signInWithPassword({ email: member.email, password: PASSWORD }, meta())).toMatchObject({ ok: false, code: 'access_expired' });
    // Ending it again changes nothing and tells no one twice.
    expect(await setMemberAccessEndAction({ membershipId: member.membershipId, change: { mode: 'now' } })).toMatchObject({ ok: true, data: { changed: false } });
    expect(await setMemberAccessEndAction({ membershipId: member.membershipId, change: { mode: 'permanent' } })).toMatchObject({ ok: true, data: { changed: true, accessExpiresAt: null } });
    expect(await accessEndOf(member.membershipId)).toBeNull();
    expect(await signInWithPassword({ email: member.email, password: PASSWORD }, meta())).toMatchObject({ ok: true });
  });

  it('refuses yourself, an Owner (for an Admin), someone holding more than the actor, another account’s member and bad dates — changing nothing', async () => {
    const later = new Date(Date.now() + 24 * HOUR).toISOString();
    await actAs(admin.email);
    expect(await setMemberAccessEndAction({ membershipId: admin.membershipId, change: { mode: 'until', endsAt: later } })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await setMemberAccessEndAction({ membershipId: owner.membershipId, change: { mode: 'now' } })).toMatchObject({ ok: false, code: 'forbidden' });
    const stronger = await createMember(account.accountId, { firstName: 'Strong', accessExpiresAt: new Date(Date.now() + HOUR) });
    const db = await getDb();
    await db.insert(membershipOverrides).values({ membershipId: stronger.membershipId, kind: 'grant', name: 'users.passwords' });
    expect(await setMemberAccessEndAction({ membershipId: stronger.membershipId, change: { mode: 'permanent' } })).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('holds more than you') });
    expect(await accessEndOf(stronger.membershipId)).not.toBeNull();

    const member = await createMember(account.accountId, { firstName: 'Vali' });
    for (const change of [{ mode: 'until', endsAt: new Date(Date.now() - 60_000).toISOString() }, { mode: 'until', endsAt: new Date(Date.now() + 400 * 24 * HOUR).toISOString() }, { mode: 'until', endsAt: 'not a date' }, { mode: 'later' }]) {
      expect(await setMemberAccessEndAction({ membershipId: member.membershipId, change })).toMatchObject({ ok: false, code: 'invalid' });
    }
    expect(await accessEndOf(member.membershipId)).toBeNull();
    const stranger = await createMember((await createAccount()).accountId);
    expect(await setMemberAccessEndAction({ membershipId: stranger.membershipId, change: { mode: 'now' } })).toMatchObject({ ok: false, code: 'not_found' });

    const lone = await createAccount();
    const loneOwner = await createMember(lone.accountId, { role: 'owner' });
    const coOwner = await createMember(lone.accountId, { role: 'owner', status: 'deactivated' });
    await actAs(loneOwner.email);
    expect(await setMemberAccessEndAction({ membershipId: coOwner.membershipId, change: { mode: 'now' } })).toMatchObject({ ok: true });
  });

  it('two admins changing the same member at once are applied one after the other, each audited', async () => {
    const member = await createMember(account.accountId, { firstName: 'Twice', accessExpiresAt: new Date(Date.now() + HOUR) });
    await actAs(admin.email);
    const one = new Date(Date.now() + 10 * HOUR).toISOString();
    const two = new Date(Date.now() + 20 * HOUR).toISOString();
    const results = await Promise.all([
      setMemberAccessEndAction({ membershipId: member.membershipId, change: { mode: 'until', endsAt: one } }),
      setMemberAccessEndAction({ membershipId: member.membershipId, change: { mode: 'until', endsAt: two } }),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect([one, two]).toContain((await accessEndOf(member.membershipId))!.toISOString());
    const db = await getDb();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'member.access_end_changed'), eq(auditLog.targetId, member.membershipId)))).toHaveLength(2);
  });

  it('bulk “Extend access to…” extends temporary members and says why permanent ones were left alone', async () => {
    const expired = await createMember(account.accountId, { firstName: 'Bulka', accessExpiresAt: new Date(Date.now() - HOUR) });
    const soon = await createMember(account.accountId, { firstName: 'Bulkb', accessExpiresAt: new Date(Date.now() + HOUR) });
    const permanent = await createMember(account.accountId, { firstName: 'Bulkc' });
    await actAs(admin.email);
    const endsAt = new Date(Date.now() + 72 * HOUR).toISOString();
    const result = await bulkMembersAction({ membershipIds: [expired.membershipId, soon.membershipId, permanent.membershipId], operation: 'extend', accessEndsAt: endsAt });
    expect(result).toMatchObject({ ok: true, data: { changed: ['Bulka Person', 'Bulkb Person'], refused: [{ name: 'Bulkc Person', reason: expect.stringContaining('does not end') }] } });
    expect((await accessEndOf(expired.membershipId))!.toISOString()).toBe(endsAt);
    expect(await accessEndOf(permanent.membershipId)).toBeNull();
    expect(await bulkMembersAction({ membershipIds: [soon.membershipId], operation: 'extend', accessEndsAt: new Date(Date.now() - HOUR).toISOString() })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await bulkMembersAction({ membershipIds: [soon.membershipId], operation: 'extend' })).toMatchObject({ ok: false, code: 'invalid' });
  });
});
