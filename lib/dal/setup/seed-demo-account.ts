import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { accounts, leaveRequests, memberWorkplaces, membershipRoles, roles, workScheduleIntervals, type BuiltinRoleKey, type LoginType, type MembershipStatus } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { insertGrants } from '@/lib/dal/roles/change-role-graph';
import { provisionAccount, provisionMember } from './provision-account';

export const DEMO_ACCOUNT_NAME = 'Northwind Demo';
export const DEMO_OWNER_EMAIL = 'owner@northwind.example';

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia', 'Edsger', 'Hedy', 'John', 'Sophie', 'Niklaus', 'Lynn', 'Donald', 'Shafi'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Berners-Lee', 'Liskov', 'Ritchie', 'Allen', 'Thompson', 'Perlman', 'Dijkstra', 'Lamarr', 'Backus', 'Wilson', 'Wirth', 'Conway', 'Knuth', 'Goldwasser'];

interface DemoPerson {
  role: BuiltinRoleKey;
  status: MembershipStatus;
  loginType: LoginType;
  accessExpiresAt: Date | null;
}

/** The mix of people the demo shows: every role, every status, temporary access running and run out. */
function demoPeople(at: Date): DemoPerson[] {
  const day = 86_400_000;
  const people: DemoPerson[] = [];
  const add = (count: number, person: Partial<DemoPerson>) => {
    for (let i = 0; i < count; i += 1) people.push({ role: 'user', status: 'active', loginType: 'local', accessExpiresAt: null, ...person });
  };
  add(1, { role: 'owner' });
  add(3, { role: 'admin' });
  add(20, { role: 'user' });
  add(4, { role: 'user', loginType: 'sso' });
  add(4, { role: 'user', status: 'deactivated' });
  add(3, { role: 'user', accessExpiresAt: new Date(at.getTime() + 10 * day) });
  add(2, { role: 'user', accessExpiresAt: new Date(at.getTime() - 3 * day) });
  add(3, { role: 'guest', status: 'pending' });
  add(3, { role: 'guest' });
  return people;
}

export interface DemoResult {
  created: boolean;
  accountName: string;
  ownerEmail: string;
  password: string | null;
  members: number;
}

/** Fills a demo account with a few dozen members; does nothing when it already exists. For `npm run db:seed -- --demo`. */
export async function seedDemoAccount(): Promise<DemoResult> {
  const db = await getDb();
  const [existing] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.name, DEMO_ACCOUNT_NAME)).limit(1);
  if (existing) return { created: false, accountName: DEMO_ACCOUNT_NAME, ownerEmail: DEMO_OWNER_EMAIL, password: null, members: 0 };

  const password = `demo-${randomBytes(9).toString('base64url')}`;
  const passwordHash = await hashPassword(password);
  const at = now();
  const people = demoPeople(at);
  await db.transaction(async (tx) => {
    const { accountId, roleIds } = await provisionAccount(tx, DEMO_ACCOUNT_NAME);
    let ownerId: string | null = null;
    const members: { membershipId: string; person: DemoPerson }[] = [];
    for (const [index, person] of people.entries()) {
      const firstName = FIRST[index % FIRST.length]!;
      const lastName = LAST[(index * 7) % LAST.length]!;
      const email = index === 0 ? DEMO_OWNER_EMAIL : `${firstName}.${lastName}.${index}@northwind.example`.toLowerCase();
      const { userId, membershipId } = await provisionMember(tx, {
        accountId,
        email,
        passwordHash: person.loginType === 'sso' ? null : passwordHash,
        firstName,
        lastName,
        role: person.role,
        status: person.status,
        loginType: person.loginType,
        accessExpiresAt: person.accessExpiresAt,
        invitedByUserId: ownerId,
        // Expired access must have started before it ended.
        createdAt: new Date(at.getTime() - 30 * 86_400_000),
      });
      ownerId ??= userId;
      members.push({ membershipId, person });
    }
    await seedDemoWork(tx, accountId, roleIds.user, members, at);
    await recordAudit(tx, {
      accountId,
      actorUserId: ownerId,
      actorName: 'Demo seed',
      action: 'account.demo_seeded',
      targetType: 'account',
      targetId: accountId,
      targetLabel: DEMO_ACCOUNT_NAME,
      after: { members: people.length },
    });
  });
  return { created: true, accountName: DEMO_ACCOUNT_NAME, ownerEmail: DEMO_OWNER_EMAIL, password, members: people.length };
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/**
 * What the roles, matrix and leave pages show in the demo: a Salesperson ← User chain with Insight and a
 * custom privilege, a Senior salesperson below it, working hours and workplaces, and leave — one person
 * away today, one next week, one request waiting for a decision.
 */
async function seedDemoWork(tx: Tx, accountId: string, userRoleId: string, members: { membershipId: string; person: DemoPerson }[], at: Date) {
  const [sales] = await tx
    .insert(roles)
    .values({ accountId, name: 'Salesperson', description: 'Sells: reads Insight and exports reports.', baseRoleId: userRoleId })
    .returning({ id: roles.id });
  await insertGrants(tx, sales!.id, ['insight.view'], ['report.export']);
  const [senior] = await tx
    .insert(roles)
    .values({ accountId, name: 'Senior salesperson', description: 'Also deletes CRM records.', baseRoleId: sales!.id })
    .returning({ id: roles.id });
  await insertGrants(tx, senior!.id, ['crm.delete'], ['quote.approve']);

  const staff = members.filter(({ person }) => person.role === 'user' && person.status === 'active' && person.loginType === 'local' && !person.accessExpiresAt);
  const [first, second, third, fourth] = staff;
  for (const [index, { membershipId }] of staff.slice(0, 4).entries()) {
    await tx.update(membershipRoles).set({ roleId: index === 0 ? senior!.id : sales!.id }).where(eq(membershipRoles.membershipId, membershipId));
  }
  for (const [index, { membershipId }] of staff.entries()) {
    const days = [0, 1, 2, 3, 4].flatMap((weekday) => [
      { membershipId, weekday, startMinute: 9 * 60, endMinute: 12 * 60 + 30 },
      { membershipId, weekday, startMinute: 13 * 60 + 30, endMinute: index % 3 === 0 ? 16 * 60 : 17 * 60 + 30 },
    ]);
    await tx.insert(workScheduleIntervals).values(days);
    await tx.insert(memberWorkplaces).values(index % 4 === 3 ? { membershipId, kind: 'place', placeName: 'Lisbon branch' } : { membershipId, kind: index % 2 ? 'remote' : 'office' });
  }
  const day = 86_400_000;
  const approver = members.find(({ person }) => person.role === 'admin')?.membershipId ?? null;
  const leave = (membershipId: string, fromDays: number, toDays: number, status: 'approved' | 'pending', note: string) => ({
    accountId,
    membershipId,
    startsOn: isoDate(new Date(at.getTime() + fromDays * day)),
    endsOn: isoDate(new Date(at.getTime() + toDays * day)),
    status,
    note,
    decidedAt: status === 'approved' ? at : null,
    decidedByMembershipId: status === 'approved' ? approver : null,
  });
  const requests = [];
  if (first) requests.push(leave(first.membershipId, -1, 2, 'approved', 'Family visit'));
  if (second) requests.push(leave(second.membershipId, 7, 11, 'approved', 'Holiday'));
  if (third) requests.push(leave(third.membershipId, 14, 15, 'pending', 'Conference'));
  if (fourth) requests.push(leave(fourth.membershipId, 21, 25, 'pending', ''));
  if (requests.length > 0) await tx.insert(leaveRequests).values(requests);
}

