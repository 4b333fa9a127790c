import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, type BuiltinRoleKey, type LoginType, type MembershipStatus } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import { recordAudit } from './audit';
import { provisionAccount, provisionMember } from './provisioning';

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
    const { accountId } = await provisionAccount(tx, DEMO_ACCOUNT_NAME);
    let ownerId: string | null = null;
    for (const [index, person] of people.entries()) {
      const firstName = FIRST[index % FIRST.length]!;
      const lastName = LAST[(index * 7) % LAST.length]!;
      const email = index === 0 ? DEMO_OWNER_EMAIL : `${firstName}.${lastName}.${index}@northwind.example`.toLowerCase();
      const { userId } = await provisionMember(tx, {
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
    }
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
