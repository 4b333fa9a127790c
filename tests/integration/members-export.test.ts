import { eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/(app)/settings/users/export/route';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { actAs } from '../support/acting-as';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

describe('GET /settings/users/export', () => {
  it('answers the filtered view as CSV, with spreadsheet formulas neutralised', async () => {
    const { accountId } = await createAccount();
    const owner = await createMember(accountId, { role: 'owner', firstName: 'Olga' });
    const off = await createMember(accountId, { firstName: 'Offline', status: 'deactivated' });
    const db = await getDb();
    await db.update(users).set({ lastName: '=HYPERLINK("http://evil.example")' }).where(eq(users.id, off.userId));
    await actAs(owner.email);

    const response = await GET(new Request('http://localhost/settings/users/export?status=deactivated'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = Papa.parse<Record<string, string>>((await response.text()).replace(/^\uFEFF/, ''), { header: true }).data;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 'First name': 'Offline', Email: off.email, Roles: 'User', Status: 'deactivated' });
    expect(rows[0]!['Last name']).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  it('answers 403 to a member without users.manage', async () => {
    const { accountId } = await createAccount();
    const plain = await createMember(accountId, { role: 'user' });
    await actAs(plain.email);
    const response = await GET(new Request('http://localhost/settings/users/export'));
    expect(response.status).toBe(403);
  });
});
