import { describe, expect, it } from 'vitest';
import { bulkMembersAction } from '@/app/(app)/settings/users/actions';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { actAs } from '../support/acting-as';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

describe('bulk changes', () => {
  it('deactivates the ones it may, and says which were refused and why', async () => {
    const { accountId } = await createAccount();
    const owner = await createMember(accountId, { role: 'owner', firstName: 'Olga' });
    const admin = await createMember(accountId, { role: 'admin', firstName: 'Adam' });
    const one = await createMember(accountId, { firstName: 'Uno' });
    const two = await createMember(accountId, { firstName: 'Dos', status: 'deactivated' });
    const stranger = await createMember((await createAccount()).accountId, { firstName: 'Far' });
    const context = await actAs(admin.email);
    const result = await bulkMembersAction({ membershipIds: [one.membershipId, two.membershipId, owner.membershipId, admin.membershipId, stranger.membershipId], operation: 'deactivate' });
    expect(result).toMatchObject({
      ok: true,
      data: {
        changed: ['Uno Person'],
        unchanged: ['Dos Person'],
        refused: [
          { name: 'Olga Person', reason: expect.stringContaining('Only an Owner') },
          { name: 'Adam Person', reason: expect.stringContaining('yourself') },
          { name: 'Unknown user', reason: 'Not a member of this account.' },
        ],
      },
    });
    expect(await resolveSession(context.sessionIdHash)).toMatchObject({ ok: true });
  });

  it('changes roles within the actor’s own access only', async () => {
    const { accountId, roleIds } = await createAccount();
    const admin = await createMember(accountId, { role: 'admin' });
    const one = await createMember(accountId, { firstName: 'Uno' });
    await actAs(admin.email);
    expect(await bulkMembersAction({ membershipIds: [one.membershipId], operation: 'role', roleId: roleIds.owner })).toMatchObject({
      ok: true,
      data: { changed: [], refused: [{ name: 'Uno Person', reason: expect.stringContaining('more than you hold') }] },
    });
    expect(await bulkMembersAction({ membershipIds: [one.membershipId], operation: 'role', roleId: roleIds.guest })).toMatchObject({ ok: true, data: { changed: ['Uno Person'] } });
    expect(await bulkMembersAction({ membershipIds: [one.membershipId], operation: 'role' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await bulkMembersAction({ membershipIds: [], operation: 'activate' })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('tells apart people of the same name by their email in the result', async () => {
    const { accountId } = await createAccount();
    const admin = await createMember(accountId, { role: 'admin' });
    const first = await createMember(accountId, { firstName: 'Barbara' });
    const second = await createMember(accountId, { firstName: 'Barbara' });
    const other = await createMember(accountId, { firstName: 'Solo' });
    await actAs(admin.email);
    const result = await bulkMembersAction({ membershipIds: [first.membershipId, second.membershipId, other.membershipId], operation: 'deactivate' });
    expect(result).toMatchObject({ ok: true, data: { changed: [`Barbara Person (${first.email})`, `Barbara Person (${second.email})`, 'Solo Person'] } });
  });
});
