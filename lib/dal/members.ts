import 'server-only';
import { and, asc, count, desc, eq, exists, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { membershipRoles, memberships, roles, users, type LoginType, type MembershipStatus } from '@/db/schema';
import { now } from '@/lib/clock';
import type { MemberQuery } from '@/lib/validation/members';
import { requirePermission, type Actor } from './access';

export interface MemberRow {
  membershipId: string;
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  roles: { id: string; name: string; builtinKey: string | null }[];
  loginType: LoginType;
  status: MembershipStatus;
  accessExpiresAt: string | null;
  lastSignInAt: string | null;
  isSelf: boolean;
}

export interface MemberPage {
  rows: MemberRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** `%term%` for LIKE, with the term's own wildcards taken literally. */
const likeTerm = (term: string) => `%${term.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

function whereFor(accountId: string, query: MemberQuery): SQL {
  const at = now();
  const conditions: (SQL | undefined)[] = [eq(memberships.accountId, accountId)];
  if (query.q) {
    const term = likeTerm(query.q);
    const digits = query.q.replace(/[^0-9]/g, '');
    conditions.push(
      or(
        sql`lower(${users.firstName} || ' ' || ${users.lastName}) like ${term}`,
        sql`lower(${users.lastName} || ' ' || ${users.firstName}) like ${term}`,
        sql`lower(${users.email}) like ${term}`,
        digits.length >= 3 ? sql`${users.phone} like ${`%${digits}%`}` : undefined,
      ),
    );
  }
  if (query.role) conditions.push(exists(roleHolders(query.role)));
  if (query.login) conditions.push(eq(memberships.loginType, query.login));
  switch (query.status) {
    case 'active':
      conditions.push(eq(memberships.status, 'active'), or(isNull(memberships.accessExpiresAt), gt(memberships.accessExpiresAt, at)));
      break;
    case 'temporary':
      conditions.push(eq(memberships.status, 'active'), isNotNull(memberships.accessExpiresAt), gt(memberships.accessExpiresAt, at));
      break;
    case 'expired':
      conditions.push(eq(memberships.status, 'active'), lte(memberships.accessExpiresAt, at));
      break;
    case 'deactivated':
    case 'pending':
      conditions.push(eq(memberships.status, query.status));
      break;
  }
  return and(...conditions)!;
}

function roleHolders(roleId: string) {
  return sql`(select 1 from ${membershipRoles} where ${membershipRoles.membershipId} = ${memberships.id} and ${membershipRoles.roleId} = ${roleId})`;
}

function orderFor(query: MemberQuery): SQL[] {
  const direction = query.dir === 'desc' ? desc : asc;
  const firstRoleName = sql`(select min(${roles.name}) from ${membershipRoles} join ${roles} on ${roles.id} = ${membershipRoles.roleId} where ${membershipRoles.membershipId} = ${memberships.id})`;
  const byName = [direction(sql`lower(${users.lastName})`), direction(sql`lower(${users.firstName})`)];
  const keys: Record<MemberQuery['sort'], SQL[]> = {
    name: byName,
    email: [direction(sql`lower(${users.email})`)],
    phone: [sql`${users.phone} ${sql.raw(query.dir === 'desc' ? 'desc' : 'asc')} nulls last`],
    role: [direction(firstRoleName), ...byName],
    login: [direction(memberships.loginType), ...byName],
    status: [direction(memberships.status), direction(memberships.accessExpiresAt), ...byName],
    lastSignIn: [sql`${memberships.lastSignInAt} ${sql.raw(query.dir === 'desc' ? 'desc' : 'asc')} nulls last`, ...byName],
  };
  return [...keys[query.sort], asc(memberships.id)];
}

/**
 * One page of the account's members for the Users tab: search over name, email and phone; filters for
 * role, status and login type; any column sorted; and the total. Needs users.manage.
 */
export async function listMembers(actor: Actor, query: MemberQuery): Promise<MemberPage> {
  await requirePermission(actor, 'users.manage');
  return queryMembers(actor, query, { limit: query.size, offset: (query.page - 1) * query.size });
}

/** Every member matching the query (the CSV export), up to `max`. Needs users.manage. */
export async function exportMembers(actor: Actor, query: MemberQuery, max = 50_000): Promise<MemberRow[]> {
  await requirePermission(actor, 'users.manage');
  return (await queryMembers(actor, query, { limit: max, offset: 0 })).rows;
}

async function queryMembers(actor: Actor, query: MemberQuery, { limit, offset }: { limit: number; offset: number }): Promise<MemberPage> {
  const db = await getDb();
  const where = whereFor(actor.accountId, query);
  const [page, [totalRow]] = await Promise.all([
    db
      .select({
        membershipId: memberships.id,
        userId: users.id,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
        phone: users.phone,
        loginType: memberships.loginType,
        status: memberships.status,
        accessExpiresAt: memberships.accessExpiresAt,
        lastSignInAt: memberships.lastSignInAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(where)
      .orderBy(...orderFor(query))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(where),
  ]);
  const ids = page.map((row) => row.membershipId);
  const roleRows = ids.length
    ? await db
        .select({ membershipId: membershipRoles.membershipId, id: roles.id, name: roles.name, builtinKey: roles.builtinKey })
        .from(membershipRoles)
        .innerJoin(roles, eq(roles.id, membershipRoles.roleId))
        .where(inArray(membershipRoles.membershipId, ids))
        .orderBy(asc(roles.name))
    : [];
  return {
    rows: page.map((row) => ({
      ...row,
      accessExpiresAt: row.accessExpiresAt?.toISOString() ?? null,
      lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
      roles: roleRows.filter((role) => role.membershipId === row.membershipId).map(({ id, name, builtinKey }) => ({ id, name, builtinKey })),
      isSelf: row.membershipId === actor.membershipId,
    })),
    total: Number(totalRow?.total ?? 0),
    page: query.page,
    pageSize: query.size,
  };
}
