import 'server-only';
import { hashSecretToken } from '@/lib/auth/session-token';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, invitationLinks, invitations, memberships, roles, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { invitationStatus } from './invite-members';
import { applyPlacement } from '@/lib/dal/organization/placement';
import { insertOverrides, provisionMember } from '@/lib/dal/setup/provision-account';


export interface InvitationDetails {
  email: string;
  accountName: string;
  senderName: string;
  roleName: string;
  loginType: 'local' | 'sso';
  accessExpiresAt: string | null;
  /** A login exists for this email: the person signs in and joins with one click. */
  hasLogin: boolean;
}

export type InvitationLookup = { ok: true; details: InvitationDetails } | { ok: false; reason: 'unknown' | 'completed' | 'revoked' | 'expired' };

/** What an invitation link is for, or why it cannot be used. Public: the token is the credential. */
export async function lookUpInvitation(token: string): Promise<InvitationLookup> {
  if (token.length > 100) return { ok: false, reason: 'unknown' };
  const db = await getDb();
  const [row] = await db
    .select({
      email: invitations.email,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      expiresAt: invitations.expiresAt,
      loginType: invitations.loginType,
      accessExpiresAt: invitations.accessExpiresAt,
      senderName: invitations.sentByName,
      accountName: accounts.name,
      roleName: roles.name,
      passwordHash: users.passwordHash,
    })
    .from(invitationLinks)
    .innerJoin(invitations, eq(invitations.id, invitationLinks.invitationId))
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    // An accepted or revoked invitation may name a role since deleted; an open one always has its role.
    .leftJoin(roles, eq(roles.id, invitations.roleId))
    .leftJoin(users, eq(sql`lower(${users.email})`, sql`lower(${invitations.email})`))
    .where(eq(invitationLinks.tokenHash, hashSecretToken(token)))
    .limit(1);
  if (!row) return { ok: false, reason: 'unknown' };
  const status = invitationStatus(row, now());
  if (status !== 'waiting') return { ok: false, reason: status };
  return {
    ok: true,
    details: {
      email: row.email,
      accountName: row.accountName,
      senderName: row.senderName,
      roleName: row.roleName ?? '',
      loginType: row.loginType,
      accessExpiresAt: row.accessExpiresAt?.toISOString() ?? null,
      hasLogin: Boolean(row.passwordHash),
    },
  };
}

export type Acceptance =
  | { kind: 'new'; firstName: string; lastName: string; password: string }
  | { kind: 'signed-in'; userId: string };

const CLOSED: Record<'completed' | 'revoked' | 'expired', string> = {
  completed: 'This invitation has already been accepted.',
  revoked: 'This invitation was revoked. Ask the person who invited you for a new one.',
  expired: 'This invitation has expired. Ask the person who invited you to send it again.',
};

/**
 * Accepts an invitation, once. The invitation belongs to its email: a new person sets name and password
 * for that address; a signed-in person joins only if their login is that address. The row is locked, so
 * two tabs submitting at once create one membership. A Guest's membership waits for approval; a
 * temporary invitation's end of access becomes the membership's.
 */
export async function acceptInvitation(token: string, acceptance: Acceptance, meta?: RequestMeta): Promise<{ email: string; accountId: string; status: 'active' | 'pending' }> {
  const db = await getDb();
  const passwordHash = acceptance.kind === 'new' ? await hashPassword(acceptance.password) : null;
  return db.transaction(async (tx) => {
    const tokenHash = hashSecretToken(token);
    const [link] = await tx.select({ invitationId: invitationLinks.invitationId }).from(invitationLinks).where(eq(invitationLinks.tokenHash, tokenHash)).limit(1);
    // Every link of the invitation leads to its one row, locked: two tabs accepting through two links at
    // once create one membership (the second finds it accepted).
    const [invitation] = link ? await tx.select().from(invitations).where(eq(invitations.id, link.invitationId)).limit(1).for('update') : [];
    // The link may have ended while this waited for the row (the address was invited again meanwhile).
    const [still] = invitation ? await tx.select({ id: invitationLinks.id }).from(invitationLinks).where(eq(invitationLinks.tokenHash, tokenHash)).limit(1) : [];
    if (!invitation || !still) throw new DalError('not_found', 'This invitation link is not valid.');
    const at = now();
    const status = invitationStatus(invitation, at);
    if (status !== 'waiting') throw new DalError('conflict', CLOSED[status]);
    if (invitation.loginType === 'sso') {
      throw new DalError('conflict', 'This invitation is for single sign-on through your organisation, which is not set up for this account yet. Ask the person who invited you to invite you with a local login.');
    }
    // Locked: joining another account ends this account's say over the login's credentials (lib/dal/sessions/credentials-owner.ts),
    // so a password being set by the login's home account waits for this, or this for it.
    const [existing] = await tx
      .select({ id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName })
      .from(users)
      .where(eq(sql`lower(${users.email})`, invitation.email.toLowerCase()))
      .limit(1)
      .for('update');
    let userId: string;
    let actorName: string;
    if (acceptance.kind === 'signed-in') {
      if (!existing || existing.id !== acceptance.userId) {
        throw new DalError('forbidden', `This invitation is for ${invitation.email}. Sign in with that address to accept it; it cannot be taken for another login.`);
      }
      userId = existing.id;
      actorName = `${existing.firstName} ${existing.lastName}`.trim();
    } else {
      if (existing) throw new DalError('conflict', `${invitation.email} already has a login: sign in with it to accept.`);
      const [created] = await tx
        .insert(users)
        .values({ email: invitation.email, passwordHash, firstName: acceptance.firstName, lastName: acceptance.lastName, homeAccountId: invitation.accountId })
        .returning({ id: users.id });
      userId = created!.id;
      actorName = `${acceptance.firstName} ${acceptance.lastName}`.trim();
    }
    // Open invitations always offer a role (invitations_open_has_role): a deleted role's move takes them along.
    const roleId = invitation.roleId!;
    const [already] = await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.accountId, invitation.accountId))).limit(1);
    if (already) throw new DalError('conflict', 'You are already a member of this account.');
    const [role] = await tx.select({ builtinKey: roles.builtinKey, name: roles.name }).from(roles).where(eq(roles.id, roleId));
    const membershipStatus = role?.builtinKey === 'guest' ? 'pending' : 'active';
    const { membershipId } = await provisionMember(tx, {
      accountId: invitation.accountId,
      email: invitation.email,
      passwordHash: null,
      firstName: acceptance.kind === 'new' ? acceptance.firstName : '',
      lastName: '',
      role: 'user',
      roleId,
      status: membershipStatus,
      loginType: invitation.loginType,
      accessExpiresAt: invitation.accessExpiresAt,
      invitedByUserId: invitation.sentByUserId,
    });
    await insertOverrides(tx, membershipId, invitation.overrides);
    await applyPlacement(tx, invitation.accountId, membershipId, invitation.placement);
    await tx.update(invitations).set({ acceptedAt: at, acceptedByUserId: userId }).where(eq(invitations.id, invitation.id));
    await recordAudit(tx, {
      accountId: invitation.accountId,
      actorUserId: userId,
      actorName,
      action: 'invitation.accepted',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: invitation.email,
      after: { role: role?.name, status: membershipStatus, accessExpiresAt: invitation.accessExpiresAt?.toISOString() ?? null },
      meta,
    });
    return { email: invitation.email, accountId: invitation.accountId, status: membershipStatus };
  });
}
