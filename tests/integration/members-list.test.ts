import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { DalError } from '@/lib/dal/errors';
import { exportMembers, listMembers } from '@/lib/dal/members';
import { memberQuerySchema, parseMemberQuery } from '@/lib/validation/members';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

let account: Awaited<ReturnType<typeof createAccount>>;
let actor: { userId: string; name: string; accountId: string; membershipId: string };
const query = (overrides: Partial<Parameters<typeof memberQuerySchema.parse>[0]> = {}) => memberQuerySchema.parse(overrides);

beforeAll(async () => {
  account = await createAccount('List Co');
  const owner = await createMember(account.accountId, { role: 'owner', firstName: 'Olive', email: 'olive.owner@list.test' });
  actor = { userId: owner.userId, name: 'Olive', accountId: account.accountId, membershipId: owner.membershipId };
  const people: [string, string, Parameters<typeof createMember>[1]][] = [
    ['Ada', 'ada.lovelace@list.test', { role: 'admin' }],
    ['Grace', 'grace.hopper@list.test', { role: 'user' }],
    ['Alan', 'alan.turing@list.test', { role: 'user', status: 'deactivated' }],
    ['Guy', 'guest.one@list.test', { role: 'guest', status: 'pending' }],
    ['Tempo', 'temp.worker@list.test', { role: 'user', accessExpiresAt: new Date(Date.now() + 86_400_000) }],
    ['Gone', 'gone.worker@list.test', { role: 'user', accessExpiresAt: new Date(Date.now() - 86_400_000) }],
    ['Percy', 'percent_100@list.test', { role: 'user' }],
  ];
  for (const [firstName, email, options] of people) await createMember(account.accountId, { ...options, firstName, email });
  const db = await getDb();
  await db.update(users).set({ phone: '+442071838750' }).where(eq(users.email, 'grace.hopper@list.test'));
  // Someone in another account never shows up.
  await createMember((await createAccount()).accountId, { firstName: 'Ada', email: 'ada.elsewhere@list.test' });
});

const emails = async (overrides: Parameters<typeof query>[0] = {}) => (await listMembers(actor, query(overrides))).rows.map((row) => row.email);

describe('the Users tab query', () => {
  it('lists the account’s members only, with the total', async () => {
    const page = await listMembers(actor, query());
    expect(page.total).toBe(8);
    expect(page.rows.map((row) => row.email)).not.toContain('ada.elsewhere@list.test');
    expect(page.rows.find((row) => row.email === 'olive.owner@list.test')?.isSelf).toBe(true);
  });

  it('searches names, emails and phone numbers, case-insensitively', async () => {
    expect(await emails({ q: 'LOVELACE' })).toEqual(['ada.lovelace@list.test']);
    expect(await emails({ q: 'ada' })).toEqual(['ada.lovelace@list.test']);
    expect(await emails({ q: 'hopper' })).toEqual(['grace.hopper@list.test']);
    expect(await emails({ q: 'Grace Person' })).toEqual(['grace.hopper@list.test']);
    expect(await emails({ q: '2071 838' })).toEqual(['grace.hopper@list.test']);
  });

  it('takes LIKE wildcards in the search literally', async () => {
    expect(await emails({ q: 'percent_1' })).toEqual(['percent_100@list.test']);
    expect(await emails({ q: '%' })).toEqual([]);
  });

  it('filters by status, including temporary and expired access', async () => {
    expect(await emails({ status: 'deactivated' })).toEqual(['alan.turing@list.test']);
    expect(await emails({ status: 'pending' })).toEqual(['guest.one@list.test']);
    expect(await emails({ status: 'temporary' })).toEqual(['temp.worker@list.test']);
    expect(await emails({ status: 'expired' })).toEqual(['gone.worker@list.test']);
    expect(await emails({ status: 'active' })).not.toContain('gone.worker@list.test');
  });

  it('filters by role and by login type', async () => {
    expect(await emails({ role: account.roleIds.admin })).toEqual(['ada.lovelace@list.test']);
    expect(await emails({ login: 'sso' })).toEqual([]);
    expect((await emails({ login: 'local' })).length).toBe(8);
  });

  it('sorts by any column, both ways, and pages', async () => {
    const byEmail = await emails({ sort: 'email' });
    expect(byEmail).toEqual([...byEmail].sort());
    expect(await emails({ sort: 'email', dir: 'desc' })).toEqual([...byEmail].reverse());
    const roleSorted = (await listMembers(actor, query({ sort: 'role' }))).rows.map((row) => row.roles[0]!.name);
    expect(roleSorted).toEqual([...roleSorted].sort());
    const firstPage = await listMembers(actor, query({ sort: 'email', size: 10, page: 1 }));
    expect(firstPage.rows).toHaveLength(8);
    const phoneFirst = await emails({ sort: 'phone' });
    expect(phoneFirst[0]).toBe('grace.hopper@list.test');
  });

  it('falls back to the defaults on malformed URL parameters', () => {
    expect(parseMemberQuery({ sort: 'password', dir: 'sideways', page: '-3', size: '1000', role: 'not-a-uuid', status: ['pending', 'x'] })).toMatchObject({
      sort: 'name',
      dir: 'asc',
      page: 1,
      size: 25,
      role: null,
      status: 'pending',
    });
  });

  it('exports the same view in full, and refuses a member without users.manage', async () => {
    expect((await exportMembers(actor, query({ status: 'deactivated' }))).map((row) => row.email)).toEqual(['alan.turing@list.test']);
    const plain = await createMember(account.accountId, { role: 'user' });
    const plainActor = { userId: plain.userId, name: 'Plain', accountId: account.accountId, membershipId: plain.membershipId };
    await expect(listMembers(plainActor, query())).rejects.toThrow(DalError);
    await expect(exportMembers(plainActor, query())).rejects.toThrow(/users.manage/);
  });
});
