import 'server-only';
import { and, desc, eq, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, memberships, users } from '@/db/schema';
import { explainPermission, type Explanation } from '@/lib/access/explain';
import { rolesThroughGroups } from '@/lib/access/member-roles';
import { loadMemberGroups, loadMemberLicenceIds } from '@/lib/dal/access/load-access';
import { PERMISSION_NAMES } from '@/lib/access/catalogue';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { accessCache } from '@/lib/access/process-cache';
import { now } from '@/lib/clock';
import { credentialsRefusal, credentialsVerdict } from '@/lib/dal/sessions/credentials-owner';
import { targetMembership } from './target-membership';
import { listOpenSessions } from '@/lib/dal/sessions/member-sessions';

export interface MemberDetail {
  membershipId: string;
  userId: string;
  firstName: string;
  lastName: string;
  avatarKey: string | null;
  email: string;
  phone: string | null;
  status: 'active' | 'deactivated' | 'pending';
  loginType: 'local' | 'sso';
  accessExpiresAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  hasPassword: boolean;
  /** Null when this account may set their password; otherwise why only the person can. */
  credentialsNote: string | null;
  isSelf: boolean;
  /** The roles given to them directly. */
  roles: { id: string; name: string; builtinKey: string | null }[];
  /** The groups they belong to, with the roles each carries (which they hold too). */
  groups: { id: string; name: string; roles: { id: string; name: string }[] }[];
  overrides: { grants: string[]; denies: string[]; hiddenModules: string[] };
  explanations: Record<string, Explanation>;
  sessions: { idHash: string; createdAt: string; lastSeenAt: string; ip: string | null; userAgent: string | null }[];
  activity: { id: number; action: string; actorName: string | null; at: string; before: unknown; after: unknown }[];
}

/** Everything the user detail page shows about one member of the actor's account. Needs users.manage. */
export async function getMemberDetail(actor: Actor, membershipId: string): Promise<MemberDetail> {
  await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  const db = await getDb();
  const at = now();
  const [[row], sessionRows, activity, cached, credentials, groups, licenceIds] = await Promise.all([
    db
      .select({
        firstName: users.firstName,
        lastName: users.lastName,
        avatarKey: users.avatarKey,
        email: users.email,
        phone: users.phone,
        passwordHash: users.passwordHash,
        status: memberships.status,
        loginType: memberships.loginType,
        accessExpiresAt: memberships.accessExpiresAt,
        lastSignInAt: memberships.lastSignInAt,
        createdAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.id, membershipId)),
    listOpenSessions(target.userId, at, actor.accountId),
    db
      .select({ id: auditLog.id, action: auditLog.action, actorName: auditLog.actorName, at: auditLog.createdAt, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, actor.accountId), or(eq(auditLog.targetId, membershipId), eq(auditLog.actorUserId, target.userId))))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(20),
    accessCache().getAccess(actor.accountId, membershipId),
    credentialsVerdict(db, actor.accountId, target.userId),
    loadMemberGroups(membershipId),
    loadMemberLicenceIds(membershipId),
  ]);
  const through = rolesThroughGroups(target.roles.map((role) => role.id), groups);
  const licences = { gate: cached.account.gate, held: licenceIds };
  const explanations = Object.fromEntries(
    PERMISSION_NAMES.map((name) => [name, explainPermission(cached.account.space, cached.account.roles, cached.account.compiled, cached.member.roleIds, cached.member.overrides, name, through, licences)]),
  );
  const roleName = (id: string) => cached.account.roles.get(id)?.name ?? 'A deleted role';
  return {
    membershipId,
    userId: target.userId,
    firstName: row!.firstName,
    lastName: row!.lastName,
    avatarKey: row!.avatarKey,
    email: row!.email,
    phone: row!.phone,
    status: row!.status,
    loginType: row!.loginType,
    accessExpiresAt: row!.accessExpiresAt?.toISOString() ?? null,
    lastSignInAt: row!.lastSignInAt?.toISOString() ?? null,
    createdAt: row!.createdAt.toISOString(),
    hasPassword: Boolean(row!.passwordHash),
    credentialsNote: credentials.managedHere ? null : credentialsRefusal(target.label, credentials.reason),
    isSelf: membershipId === actor.membershipId,
    roles: target.roles,
    groups: groups.map((group) => ({ id: group.id, name: group.name, roles: group.roleIds.map((id) => ({ id, name: roleName(id) })) })),
    overrides: { grants: [...cached.member.overrides.grants], denies: [...cached.member.overrides.denies], hiddenModules: [...cached.member.overrides.hiddenModules] },
    explanations,
    sessions: sessionRows.map((session) => ({ ...session, createdAt: session.createdAt.toISOString(), lastSeenAt: session.lastSeenAt.toISOString() })),
    activity: activity.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}
