import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { accounts, memberships, users } from '@/db/schema';
import { listLeaveForApproval, listWhoIsAway } from '@/lib/dal/leave/decide-leave';
import { DEMO_ACCOUNT_NAME, DEMO_OWNER_EMAIL, seedDemoAccount } from '@/lib/dal/setup/seed-demo-account';
import { listRoles } from '@/lib/dal/roles/list-roles';
import { actorOf } from '../support/actors';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

describe('the demo account', () => {
  it('shows every feature at once: members, a custom role chain, working hours, leave today, next week and waiting; a second run changes nothing', async () => {
    const seeded = await seedDemoAccount();
    expect(seeded).toMatchObject({ created: true, accountName: DEMO_ACCOUNT_NAME, ownerEmail: DEMO_OWNER_EMAIL, password: expect.stringMatching(/^demo-/) });

    const db = await getDb();
    const [owner] = await db
      .select({ userId: users.id, membershipId: memberships.id, accountId: accounts.id })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(accounts, and(eq(accounts.id, memberships.accountId), eq(accounts.name, DEMO_ACCOUNT_NAME)))
      .where(eq(users.email, DEMO_OWNER_EMAIL));
    const actor = actorOf(owner!, 'Demo Owner');

    const roles = await listRoles(actor);
    const senior = roles.find((role) => role.name === 'Senior salesperson')!;
    expect(senior.chain.map((link) => link.name)).toEqual(['Senior salesperson', 'Salesperson', 'User']);
    expect(senior.effectivePermissions).toContain('insight.view');
    expect(senior.effectivePrivileges).toEqual(expect.arrayContaining(['report.export', 'quote.approve']));
    expect(senior.memberCount).toBe(1);
    expect(roles.find((role) => role.name === 'Salesperson')!.memberCount).toBe(3);

    const whoIsAway = await listWhoIsAway(actor);
    expect(whoIsAway.away).toHaveLength(1);
    expect(whoIsAway.upcoming).toHaveLength(1);
    expect((await listLeaveForApproval(actor)).pending).toHaveLength(2);

    expect(await seedDemoAccount()).toMatchObject({ created: false, password: null });
    expect((await listRoles(actor)).length).toBe(roles.length);
  });
});
