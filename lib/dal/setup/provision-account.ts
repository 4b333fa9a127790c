import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  accounts,
  membershipOverrides,
  membershipRoles,
  memberships,
  roles,
  users,
  type BuiltinRoleKey,
  type LoginType,
  type MembershipStatus,
} from '@/db/schema';
import { BUILTIN_ROLE_KEYS, BUILTIN_ROLES } from '@/lib/access/builtin-roles';

/**
 * Building blocks for creating accounts and members inside a caller's transaction. They check nothing:
 * callers (setup, the demo seed, the e2e hooks, later the invite and add-user flows) decide who may.
 */
export async function provisionAccount(tx: Tx, name: string): Promise<{ accountId: string; roleIds: Record<BuiltinRoleKey, string> }> {
  const [account] = await tx.insert(accounts).values({ name }).returning({ id: accounts.id });
  const roleRows = await tx
    .insert(roles)
    .values(
      BUILTIN_ROLE_KEYS.map((key) => ({
        accountId: account!.id,
        builtinKey: key,
        name: BUILTIN_ROLES[key].name,
        description: BUILTIN_ROLES[key].description,
      })),
    )
    .returning({ id: roles.id, builtinKey: roles.builtinKey });
  const roleIds = Object.fromEntries(roleRows.map((role) => [role.builtinKey!, role.id])) as Record<BuiltinRoleKey, string>;
  return { accountId: account!.id, roleIds };
}

export interface MemberSpec {
  accountId: string;
  email: string;
  passwordHash: string | null;
  firstName: string;
  lastName: string;
  role: BuiltinRoleKey;
  /** A custom role of the account to hold instead of the built-in one. */
  roleId?: string;
  status?: MembershipStatus;
  loginType?: LoginType;
  accessExpiresAt?: Date | null;
  invitedByUserId?: string | null;
  createdAt?: Date;
}

/** Adds a person (reusing their login when the email already has one) to an account with a built-in role. */
export async function provisionMember(tx: Tx, spec: MemberSpec): Promise<{ userId: string; membershipId: string }> {
  const email = spec.email.trim().toLowerCase();
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email)).limit(1);
  const userId =
    existing?.id ??
    (
      await tx
        .insert(users)
        .values({ email, passwordHash: spec.passwordHash, firstName: spec.firstName, lastName: spec.lastName, homeAccountId: spec.accountId })
        .returning({ id: users.id })
    )[0]!.id;
  const [role] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.accountId, spec.accountId), spec.roleId ? eq(roles.id, spec.roleId) : eq(roles.builtinKey, spec.role)))
    .limit(1);
  if (!role) throw new Error(`Account ${spec.accountId} has no built-in ${spec.role} role`);
  const [membership] = await tx
    .insert(memberships)
    .values({
      accountId: spec.accountId,
      userId,
      status: spec.status ?? 'active',
      loginType: spec.loginType ?? 'local',
      accessExpiresAt: spec.accessExpiresAt ?? null,
      invitedByUserId: spec.invitedByUserId ?? null,
      ...(spec.createdAt ? { createdAt: spec.createdAt, updatedAt: spec.createdAt } : {}),
    })
    .returning({ id: memberships.id });
  await tx.insert(membershipRoles).values({ membershipId: membership!.id, roleId: role.id });
  return { userId, membershipId: membership!.id };
}

/** Writes a membership's navigation and permission overrides (grants, denies, hidden modules). */
export async function insertOverrides(tx: Tx, membershipId: string, overrides: { grants: readonly string[]; denies: readonly string[]; hiddenModules: readonly string[] }): Promise<void> {
  const rows = [
    ...overrides.grants.map((name) => ({ membershipId, kind: 'grant' as const, name })),
    ...overrides.denies.map((name) => ({ membershipId, kind: 'deny' as const, name })),
    ...overrides.hiddenModules.map((name) => ({ membershipId, kind: 'hide_module' as const, name })),
  ];
  if (rows.length > 0) await tx.insert(membershipOverrides).values(rows);
}
