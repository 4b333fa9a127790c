import 'server-only';
import { hashSecretToken, newSecretToken } from '@/lib/auth/session-token';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { accounts, invitations, memberships, userTokens, users, type InvitationPlacement } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor } from '@/lib/access/escalation';
import { compileRolesTolerant } from '@/lib/access/compile-graph';
import { listGranted, resolveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { activationMail, invitationMail } from '@/lib/mail/templates';
import type { AddMemberInput } from '@/lib/validation/add-member';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { writeAccessChange, type AccessWrite } from '@/lib/dal/access/write-access-change';
import { DalError } from '@/lib/dal/core/errors';
import { addInvitationLink, endInvitationLinks } from '@/lib/dal/invitations/invitation-links';
import { enqueueMail } from '@/lib/dal/ops/mail-outbox';
import { insertOverrides, provisionMember } from '@/lib/dal/setup/provision-account';
import { roleIdsInAccount } from '@/lib/dal/roles/list-roles';
import { applyPlacement, checkPlacement } from '@/lib/dal/organization/placement';

const ACTIVATION_DAYS = 7;
const INVITATION_DAYS = 7;

export interface AddedMember {
  /** The address the link went to. Deliberately all: the answer is the same whether the email had a login. */
  email: string;
}

/**
 * Adds a person to the actor's account with a role and, optionally, overrides ("Add user"). Needs
 * users.manage; refuses a role or a grant beyond the actor's own, another account's role, and an email that
 * is already a member. A login belongs to its person, so an email that already has a login (in any account)
 * is never attached: it gets an invitation carrying the same role and adjustments, which the person
 * accepts or not. A new person gets a login created by this account and a single-use activation link (7
 * days). Either way the link goes only by mail (queued in the outbox in the same transaction) and the
 * answer is the same, so Add user does not tell whether an address has a login anywhere.
 */
export async function addMember(actor: Actor, input: AddMemberInput, links: { origin: string }, meta?: RequestMeta): Promise<AddedMember> {
  const actorAccess = await requirePermission(actor, 'users.manage');
  const [role] = await roleIdsInAccount(actor.accountId, [input.roleId]);
  if (!role) throw new DalError('invalid', 'Pick a role of this account.', { roleId: 'Pick a role of this account.' });
  const compiled = compileRolesTolerant(SYSTEM_SPACE, await loadAccountRoles(actor.accountId)).compiled;
  const granted = listGranted(resolveAccess(SYSTEM_SPACE, compiled, [role.id]));
  const beyond = beyondActor(actorAccess, [...granted.permissions, ...granted.privileges, ...input.grants]);
  if (beyond.length > 0) {
    throw new DalError('forbidden', `You cannot give anyone more than you hold yourself. Beyond your permissions: ${beyond.join(', ')}.`, { roleId: 'Beyond your own permissions.' });
  }

  const at = now();
  const added = (membershipId: string | null) => (membershipId ? { membershipIds: [membershipId] } : null);
  try {
    await writeAccessChange(actor, added, async ({ tx, audit }) => {
      const [existing] = await tx
        .select({ id: users.id, member: memberships.id })
        .from(users)
        .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.accountId, actor.accountId)))
        .where(eq(sql`lower(${users.email})`, input.email))
        .limit(1);
      if (existing?.member) throw new DalError('conflict', `${input.email} is already a member of this account.`, { email: 'Already a member.' });
      const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, actor.accountId));
      const placement = { departmentIds: input.departmentIds, teamId: input.teamId, groupIds: input.groupIds };
      const placedIn = await checkPlacement(tx, actor.accountId, placement);
      // Groups bring their roles: nothing beyond the actor's own access, as for the role itself.
      const throughGroups = listGranted(resolveAccess(SYSTEM_SPACE, compiled, placedIn.groupRoleIds));
      const beyondGroups = beyondActor(actorAccess, [...throughGroups.permissions, ...throughGroups.privileges]);
      if (beyondGroups.length > 0) {
        throw new DalError('forbidden', `You cannot give anyone more than you hold yourself, through a group either. Beyond your permissions: ${beyondGroups.join(', ')}.`, { groupIds: 'A group here gives more than you hold.' });
      }
      const context = { actor, input, role, accountName: account!.name, origin: links.origin, at, audit, placement, placedIn };
      if (existing) {
        await inviteExistingLogin(tx, context);
        return null;
      }
      return createLoginWithActivation(tx, context);
    }, meta);
  } catch (error) {
    // Two admins adding the same new address at once: the second finds the login the first created.
    if (error instanceof Error && /users_email_lower_unique/.test(`${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`)) {
      throw new DalError('conflict', `${input.email} was just added by someone else.`, { email: 'Just added by someone else.' });
    }
    throw error;
  }
  return { email: input.email };
}

/** Departments and team for an audit entry, only when chosen. */
function placedNames(placedIn: { departments: string[]; team: string | null; groups: string[] }) {
  return {
    ...(placedIn.departments.length ? { departments: placedIn.departments } : {}),
    ...(placedIn.team ? { team: placedIn.team } : {}),
    ...(placedIn.groups.length ? { groups: placedIn.groups } : {}),
  };
}

interface AddContext {
  actor: Actor;
  input: AddMemberInput;
  role: { id: string; name: string };
  accountName: string;
  origin: string;
  at: Date;
  audit: AccessWrite['audit'];
  placement: InvitationPlacement;
  /** The departments', team's and groups' names, for the audit entry. */
  placedIn: { departments: string[]; team: string | null; groups: string[] };
}

/** A new person: a login created by (and so managed by) this account, the membership, and an activation link by mail. */
async function createLoginWithActivation(tx: Tx, { actor, input, role, accountName, origin, at, audit, placement, placedIn }: AddContext): Promise<string> {
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
  await insertOverrides(tx, membershipId, input);
  await applyPlacement(tx, actor.accountId, membershipId, placement);
  const activationToken = newSecretToken();
  const expiresAt = new Date(at.getTime() + ACTIVATION_DAYS * 86_400_000);
  await tx.insert(userTokens).values({
    tokenHash: hashSecretToken(activationToken),
    userId,
    accountId: actor.accountId,
    purpose: 'activation',
    createdByUserId: actor.userId,
    expiresAt,
  });
  // The activation mail goes out through the outbox, in this transaction: never lost, never sent twice.
  await enqueueMail(tx, {
    accountId: actor.accountId,
    subjectRef: `activation:${membershipId}`,
    to: input.email,
    ...activationMail({ firstName: input.firstName, accountName, senderName: actor.name, roleName: role.name, url: `${origin}/activate/${activationToken}`, expiresAt }),
  });
  await audit({
    action: 'member.added',
    targetType: 'membership',
    targetId: membershipId,
    targetLabel: `${input.firstName} ${input.lastName}`.trim(),
    after: { email: input.email, role: role.name, grants: input.grants, denies: input.denies, hiddenModules: input.hiddenModules, ...placedNames(placedIn) },
  });
  return membershipId;
}

/**
 * Someone who already has a login: an invitation with the chosen role and adjustments (refreshing an open
 * one for the address), so they join only by accepting it with their own login.
 */
async function inviteExistingLogin(tx: Tx, { actor, input, role, accountName, origin, at, audit, placement, placedIn }: AddContext): Promise<void> {
  const expiresAt = new Date(at.getTime() + INVITATION_DAYS * 86_400_000);
  const fields = {
    roleId: role.id,
    firstName: input.firstName,
    lastName: input.lastName,
    loginType: 'local' as const,
    accessExpiresAt: null,
    overrides: { grants: input.grants, denies: input.denies, hiddenModules: input.hiddenModules },
    placement,
    sentByUserId: actor.userId,
    sentByName: actor.name,
    expiresAt,
  };
  const [open] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.accountId, actor.accountId), eq(sql`lower(${invitations.email})`, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .limit(1)
    .for('update');
  const id = open?.id ?? randomUUID();
  if (open) await tx.update(invitations).set(fields).where(eq(invitations.id, id));
  else await tx.insert(invitations).values({ id, accountId: actor.accountId, email: input.email, createdAt: at, ...fields });
  // New terms (role, adjustments): the links sent with an earlier invitation to this address end.
  if (open) await endInvitationLinks(tx, [id]);
  const token = await addInvitationLink(tx, id, 'mail', actor.userId);
  await enqueueMail(tx, {
    accountId: actor.accountId,
    subjectRef: `invitation:${id}`,
    to: input.email,
    ...invitationMail({ accountName, senderName: actor.name, roleName: role.name, url: `${origin}/invite/${token}`, linkExpiresAt: expiresAt, accessExpiresAt: null }),
  });
  await audit({
    action: open ? 'invitation.refreshed' : 'invitation.sent',
    targetType: 'invitation',
    targetId: id,
    targetLabel: input.email,
    after: { role: role.name, loginType: 'local', accessExpiresAt: null, expiresAt: expiresAt.toISOString(), via: 'add_user', ...fields.overrides, ...placedNames(placedIn) },
  });
}
