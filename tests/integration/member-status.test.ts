import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeMemberStatusAction } from '@/app/(app)/settings/users/actions';
import { getDb } from '@/db/client';
import { auditLog, memberships } from '@/db/schema';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { actAs } from '../support/acting-as';
import { createAccount, createMember, meta, PASSWORD, type Account, type Member } from '../support/factories';
import { openSession } from '../support/sessions';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Account;
let owner: Member;
let admin: Member;

beforeAll(async () => {
  account = await createAccount('Status Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  admin = await createMember(account.accountId, { role: 'admin' });
});

describe('the quick activation toggle', () => {
  it('deactivating ends the member’s sessions at once; reactivating restores access with the same role', async () => {
    const member = await createMember(account.accountId, { role: 'user' });
    const session = await openSession(member.email);
    await actAs(admin.email);
    expect(await changeMemberStatusAction({ membershipId: member.membershipId, change: 'deactivate' })).toEqual({ ok: true, data: { changed: true, sessionsEnded: 1 } });
    expect(await resolveSession(session)).toEqual({ ok: false, reason: 'deactivated' });
    expect(await signInWithPassword({ email: member.email, password: PASSWORD }, meta())).toMatchObject({ code: 'deactivated' });

    expect(await changeMemberStatusAction({ membershipId: member.membershipId, change: 'activate' })).toMatchObject({ ok: true, data: { changed: true } });
    const again = await openSession(member.email);
    expect(await resolveSession(again)).toMatchObject({ ok: true, context: { membership: { roleNames: ['User'] } } });

    const db = await getDb();
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.targetId, member.membershipId)));
    expect(entries.map((entry) => entry.action)).toEqual(['member.deactivated', 'member.activated']);
    expect(entries[0]).toMatchObject({ before: { status: 'active' }, after: { status: 'deactivated', sessionsEnded: 1 } });
  });

  it('refuses deactivating yourself', async () => {
    await actAs(admin.email);
    expect(await changeMemberStatusAction({ membershipId: admin.membershipId, change: 'deactivate' })).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('yourself') });
  });

  it('refuses an Admin deactivating an Owner', async () => {
    await actAs(admin.email);
    expect(await changeMemberStatusAction({ membershipId: owner.membershipId, change: 'deactivate' })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('lets an Owner deactivate another Owner (the acting Owner remains active)', async () => {
    const pair = await createAccount('Two Owners');
    const first = await createMember(pair.accountId, { role: 'owner' });
    const second = await createMember(pair.accountId, { role: 'owner' });
    await actAs(first.email);
    expect(await changeMemberStatusAction({ membershipId: second.membershipId, change: 'deactivate' })).toMatchObject({ ok: true, data: { changed: true } });
    const db = await getDb();
    const rows = await db.select({ id: memberships.id, status: memberships.status }).from(memberships).where(eq(memberships.accountId, pair.accountId));
    expect(rows.find((row) => row.id === first.membershipId)?.status).toBe('active');
    expect(rows.find((row) => row.id === second.membershipId)?.status).toBe('deactivated');
  });

  it('refuses a member without users.manage, and another account’s member as not found', async () => {
    const plain = await createMember(account.accountId, { role: 'user' });
    const stranger = await createMember((await createAccount()).accountId);
    await actAs(plain.email);
    expect(await changeMemberStatusAction({ membershipId: admin.membershipId, change: 'deactivate' })).toMatchObject({ ok: false, code: 'forbidden' });
    await actAs(owner.email);
    expect(await changeMemberStatusAction({ membershipId: stranger.membershipId, change: 'deactivate' })).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('approving guests', () => {
  it('turns a pending guest active, and refuses approving someone who is not pending', async () => {
    const guest = await createMember(account.accountId, { role: 'guest', status: 'pending' });
    expect(await signInWithPassword({ email: guest.email, password: PASSWORD }, meta())).toMatchObject({ code: 'pending' });
    await actAs(admin.email);
    expect(await changeMemberStatusAction({ membershipId: guest.membershipId, change: 'activate' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await changeMemberStatusAction({ membershipId: guest.membershipId, change: 'approve' })).toMatchObject({ ok: true, data: { changed: true } });
    expect(await signInWithPassword({ email: guest.email, password: PASSWORD }, meta())).toMatchObject({ ok: true });
    expect(await changeMemberStatusAction({ membershipId: guest.membershipId, change: 'approve' })).toMatchObject({ ok: false, code: 'conflict' });
  });
});
