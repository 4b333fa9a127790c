import 'server-only';
import { hashSecretToken, newSecretToken } from '@/lib/auth/session-token';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, membershipOverrides, memberships, userTokens, users } from '@/db/schema';
import { beyondActor, compileRolesTolerant, listGranted, resolveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { hashPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { activationMail } from '@/lib/mail/templates';
import type { AddMemberInput } from '@/lib/validation/add-member';
import { afterAccessChange, loadAccountRoles, notifyAccessChange, requirePermission, type Actor } from './access';
import { recordAudit } from './audit';
import { DalError } from './errors';
import { enqueueMail } from './outbox';
import { provisionMember } from './provisioning';
import { roleIdsInAccount } from './roles';

const ACTIVATION_DAYS = 7;

export interface AddedMember {
  membershipId: string;
  /** The link that lets the person set a password, or null when they already have a login. */
  activationToken: string | null;
}

/**
 * Adds a person to the actor's account with a role and, optionally, overrides. Needs users.manage; refuses
 * a role or a grant beyond the actor's own, another account's role, and an email that is already a member.
 * A new person gets a single-use activation link (7 days) by mail, queued in the outbox in the same
 * transaction, to set their password; someone with a login already just gains the membership.
 */
export async function addMember(actor: Actor, input: AddMemberInput, links: { origin: string }, meta?: RequestMeta): Promise<AddedMember> {
  const actorAccess = await requirePermission(actor, 'users.manage');
  const [role] = await roleIdsInAccount(actor.accountId, [input.roleId]);
  if (!role) throw new DalError('invalid', 'Pick a role of this account.', { roleId: 'Pick a role of this account.' });
  const granted = listGranted(resolveAccess(SYSTEM_SPACE, compileRolesTolerant(SYSTEM_SPACE, await loadAccountRoles(actor.accountId)).compiled, [role.id]));
  const beyond = beyondActor(actorAccess, [...granted.permissions, ...granted.privileges, ...input.grants]);
  if (beyond.length > 0) {
    throw new DalError('forbidden', `You cannot give anyone more than you hold yourself. Beyond your permissions: ${beyond.join(', ')}.`, { roleId: 'Beyond your own permissions.' });
  }

  const db = await getDb();
  const at = now();
  const result = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id, passwordHash: users.passwordHash, member: memberships.id })
      .from(users)
      .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.accountId, actor.accountId)))
      .where(eq(sql`lower(${users.email})`, input.email))
      .limit(1);
    if (existing?.member) throw new DalError('conflict', `${input.email} is already a member of this account.`, { email: 'Already a member.' });

    const { userId, membershipId } = await provisionMember(tx, {
      accountId: actor.accountId,
      email: input.email,
      passwordHash: null,
      firstName: input.firstName,
      lastName: input.lastName,
      role: 'user',
      roleId: role.id,
      invitedByUserId: actor.userId,
    });
    const overrides = [
      ...input.grants.map((name) => ({ membershipId, kind: 'grant' as const, name })),
      ...input.denies.map((name) => ({ membershipId, kind: 'deny' as const, name })),
      ...input.hiddenModules.map((name) => ({ membershipId, kind: 'hide_module' as const, name })),
    ];
    if (overrides.length > 0) await tx.insert(membershipOverrides).values(overrides);

    let activationToken: string | null = null;
    if (!existing?.passwordHash) {
      activationToken = newSecretToken();
      const expiresAt = new Date(at.getTime() + ACTIVATION_DAYS * 86_400_000);
      await tx.insert(userTokens).values({
        tokenHash: hashSecretToken(activationToken),
        userId,
        accountId: actor.accountId,
        purpose: 'activation',
        createdByUserId: actor.userId,
        expiresAt,
      });
      const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, actor.accountId));
      // The activation mail goes out through the outbox, in this transaction: never lost, never sent twice.
      await enqueueMail(tx, {
        accountId: actor.accountId,
        subjectRef: `activation:${membershipId}`,
        to: input.email,
        ...activationMail({ firstName: input.firstName, accountName: account!.name, senderName: actor.name, roleName: role.name, url: `${links.origin}/activate/${activationToken}`, expiresAt }),
      });
    }
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'member.added',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: `${input.firstName} ${input.lastName}`.trim(),
      after: { email: input.email, role: role.name, grants: input.grants, denies: input.denies, hiddenModules: input.hiddenModules, existingLogin: Boolean(existing) },
      meta,
    });
    await notifyAccessChange(tx, { membershipIds: [membershipId] });
    return { membershipId, activationToken };
  });
  afterAccessChange({ membershipIds: [result.membershipId] });
  return result;
}

export interface ActivationDetails {
  email: string;
  firstName: string;
  accountName: string;
}

/** What an activation link is for, or why it cannot be used. Public: the token is the credential. */
export async function lookUpActivation(token: string): Promise<{ ok: true; details: ActivationDetails } | { ok: false; reason: 'unknown' | 'used' | 'expired' }> {
  const db = await getDb();
  const [row] = await db
    .select({ usedAt: userTokens.usedAt, expiresAt: userTokens.expiresAt, email: users.email, firstName: users.firstName, accountName: accounts.name })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .innerJoin(accounts, eq(accounts.id, userTokens.accountId))
    .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'activation')))
    .limit(1);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= now().getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, details: { email: row.email, firstName: row.firstName, accountName: row.accountName } };
}

/**
 * Sets the person's first password through their activation link, once: the token is marked used in the
 * same transaction, so two submissions at once cannot both succeed.
 */
export async function activateLogin(token: string, password: string, meta?: RequestMeta): Promise<{ email: string }> {
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  const at = now();
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(userTokens)
      .set({ usedAt: at })
      .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'activation'), isNull(userTokens.usedAt), gt(userTokens.expiresAt, at)))
      .returning({ userId: userTokens.userId, accountId: userTokens.accountId });
    if (!claimed) throw new DalError('not_found', 'This activation link is no longer valid. Ask your administrator for a new one.');
    const [user] = await tx.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, claimed.userId)).returning({ email: users.email, firstName: users.firstName, lastName: users.lastName });
    await recordAudit(tx, {
      accountId: claimed.accountId,
      actorUserId: claimed.userId,
      actorName: `${user!.firstName} ${user!.lastName}`.trim(),
      action: 'user.activated',
      targetType: 'user',
      targetId: claimed.userId,
      meta,
    });
    return { email: user!.email };
  });
}
