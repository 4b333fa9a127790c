import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { inviteAction, revokeInvitationAction } from '@/app/(app)/settings/invites/actions';
import { actAs } from '../support/acting-as';
import { createAccount, createMember, uniqueEmail } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

/** Rows as the dialog sends them after reading a CSV file. */
function rowsFromCsv(csv: string) {
  const { data } = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase().replace(/[\s_-]+/g, '') });
  return data.map((row) => ({ email: row.email ?? '', roleName: row.role || undefined, firstName: row.firstname ?? '', lastName: row.lastname ?? '' }));
}

describe('the invite action', () => {
  it('reports a CSV’s broken rows one by one and sends the good ones', async () => {
    const { accountId, roleIds } = await createAccount();
    const admin = await createMember(accountId, { role: 'admin' });
    await actAs(admin.email);
    const good = uniqueEmail('csv');
    const csv = ['email,role,first name,last name', `${good},User,Cara,Sv`, 'broken-address,User,,', `${uniqueEmail('x')},Astronaut,,`, `${uniqueEmail('y')},Owner,,`, ',User,Ann,'].join('\n');
    const result = await inviteAction({ rows: rowsFromCsv(csv), roleId: roleIds.user });
    expect(result).toMatchObject({
      ok: true,
      data: [
        { email: good, outcome: 'sent' },
        { outcome: 'refused', reason: expect.stringContaining('valid email') },
        { outcome: 'refused', reason: 'No role named “Astronaut” in this account.' },
        { outcome: 'refused', reason: 'The role Owner is beyond your own permissions.' },
        { outcome: 'refused', reason: 'Enter an email address.' },
      ],
    });
  });

  it('refuses 1,001 rows, a past end of access, and a member without users.manage, sending nothing', async () => {
    const { accountId, roleIds } = await createAccount();
    const admin = await createMember(accountId, { role: 'admin' });
    const plain = await createMember(accountId, { role: 'user' });
    await actAs(admin.email);
    const many = Array.from({ length: 1_001 }, (_, index) => ({ email: `p${index}@example.test` }));
    expect(await inviteAction({ rows: many, roleId: roleIds.user })).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('1,000') });
    expect(await inviteAction({ rows: [{ email: uniqueEmail('late') }], roleId: roleIds.user, accessExpiresAt: new Date(Date.now() - 60_000).toISOString() })).toMatchObject({
      ok: false,
      fieldErrors: { accessExpiresAt: 'The end of access must lie in the future.' },
    });
    await actAs(plain.email);
    expect(await inviteAction({ rows: [{ email: uniqueEmail('nope') }], roleId: roleIds.user })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await revokeInvitationAction({ invitationId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
