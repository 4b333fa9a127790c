import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, auditLog, invitations, memberships, roles, users } from '@/db/schema';
import { beyondActor, compileRoles, listGranted, resolveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { invitationMail } from '@/lib/mail/templates';
import { checkAddress, type InvitationStatus, type InviteInput } from '@/lib/validation/invitations';
import { loadAccountRoles, requirePermission, type Actor } from './access';
import { recordAudit } from './audit';
import { DalError } from './errors';
import { enqueueMail, enqueueMails } from './outbox';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = () => randomBytes(32).toString('base64url');

/** Derived, never stored: accepted → completed, revoked → revoked, past its expiry → expired, else waiting. */
export function invitationStatus(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, at: Date): InvitationStatus {
  if (row.acceptedAt) return 'completed';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= at.getTime() ? 'expired' : 'waiting';
}

/** The link's end: the chosen number of days, never after a temporary invitation's end of access. */
function linkExpiry(at: Date, days: number, accessExpiresAt: Date | null): Date {
  const byDays = new Date(at.getTime() + days * 86_400_000);
  return accessExpiresAt && accessExpiresAt < byDays ? accessExpiresAt : byDays;
}

export interface InviteRowResult {
  email: string;
  outcome: 'sent' | 'refreshed' | 'refused';
  reason?: string;
}

/**
 * Invites one or many people (typed, pasted or from a CSV). Needs users.manage. Each row is checked on its
 * own: a malformed address, a duplicate row, an existing member, or a role beyond the sender's own access
 * is refused with its reason; an address with an open invitation gets that invitation refreshed (new link)
 * instead of a second one. Every accepted row, its mail (in the outbox) and its audit entry are written in
 * one transaction.
 */
export async function inviteMembers(actor: Actor, input: InviteInput, links: { origin: string }, meta?: RequestMeta): Promise<InviteRowResult[]> {
  const actorAccess = await requirePermission(actor, 'users.manage');
  const db = await getDb();
  const at = now();
  const roleInputs = await loadAccountRoles(actor.accountId);
  const compiled = compileRoles(SYSTEM_SPACE, roleInputs);
  const roleVerdicts = new Map<string, { ok: true; name: string } | { ok: false; reason: string }>();
  const verdictFor = (roleId: string) => {
    const cached = roleVerdicts.get(roleId);
    if (cached) return cached;
    const role = roleInputs.find((candidate) => candidate.id === roleId);
    let verdict: { ok: true; name: string } | { ok: false; reason: string };
    if (!role) verdict = { ok: false, reason: 'That role does not exist in this account.' };
    else {
      const granted = listGranted(resolveAccess(SYSTEM_SPACE, compiled, [roleId]));
      const beyond = beyondActor(actorAccess, [...granted.permissions, ...granted.privileges]);
      verdict = beyond.length > 0 ? { ok: false, reason: `The role ${role.name} is beyond your own permissions.` } : { ok: true, name: role.name };
    }
    roleVerdicts.set(roleId, verdict);
    return verdict;
  };

  const results: InviteRowResult[] = [];
  const accepted: { index: number; email: string; roleId: string; roleName: string; firstName: string; lastName: string }[] = [];
  const seen = new Set<string>();
  for (const [index, row] of input.rows.entries()) {
    const address = checkAddress(row.email);
    if (!address.ok) {
      results.push({ email: row.email, outcome: 'refused', reason: address.reason });
      continue;
    }
    if (seen.has(address.email)) {
      results.push({ email: address.email, outcome: 'refused', reason: 'Listed twice.' });
      continue;
    }
    seen.add(address.email);
    const roleId = row.roleId ?? input.roleId;
    const verdict = verdictFor(roleId);
    if (!verdict.ok) {
      results.push({ email: address.email, outcome: 'refused', reason: verdict.reason });
      continue;
    }
    results.push({ email: address.email, outcome: 'sent' });
    accepted.push({ index, email: address.email, roleId, roleName: verdict.name, firstName: row.firstName, lastName: row.lastName });
  }
  if (accepted.length === 0) return results;

  const emails = accepted.map((row) => row.email);
  const [members, open, [account]] = await Promise.all([
    db
      .select({ email: sql<string>`lower(${users.email})` })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, actor.accountId), inArray(sql`lower(${users.email})`, emails))),
    db
      .select({ id: invitations.id, email: sql<string>`lower(${invitations.email})` })
      .from(invitations)
      .where(and(eq(invitations.accountId, actor.accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), inArray(sql`lower(${invitations.email})`, emails))),
    db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, actor.accountId)),
  ]);
  const memberSet = new Set(members.map((row) => row.email));
  const openByEmail = new Map(open.map((row) => [row.email, row.id]));
  const expiresAt = linkExpiry(at, input.linkDays, input.accessExpiresAt);

  const inserts: (typeof invitations.$inferInsert)[] = [];
  const refreshes: { id: string; values: Partial<typeof invitations.$inferInsert> }[] = [];
  const mails: Parameters<typeof enqueueMails>[1] = [];
  const audits: (typeof auditLog.$inferInsert)[] = [];
  for (const row of accepted) {
    const result = results[row.index]!;
    if (memberSet.has(row.email)) {
      Object.assign(result, { outcome: 'refused', reason: 'Already a member of this account.' });
      continue;
    }
    const token = newToken();
    const fields = {
      roleId: row.roleId,
      firstName: row.firstName,
      lastName: row.lastName,
      loginType: input.loginType,
      accessExpiresAt: input.accessExpiresAt,
      tokenHash: tokenHash(token),
      sentByUserId: actor.userId,
      sentByName: actor.name,
      expiresAt,
    };
    const existingId = openByEmail.get(row.email);
    const id = existingId ?? randomUUID();
    if (existingId) {
      refreshes.push({ id, values: fields });
      result.outcome = 'refreshed';
    } else {
      inserts.push({ id, accountId: actor.accountId, email: row.email, createdAt: at, ...fields });
    }
    mails.push({
      accountId: actor.accountId,
      subjectRef: `invitation:${id}`,
      to: row.email,
      ...invitationMail({ accountName: account!.name, senderName: actor.name, roleName: row.roleName, url: `${links.origin}/invite/${token}`, linkExpiresAt: expiresAt, accessExpiresAt: input.accessExpiresAt }),
    });
    audits.push({
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: existingId ? 'invitation.refreshed' : 'invitation.sent',
      targetType: 'invitation',
      targetId: id,
      targetLabel: row.email,
      after: { role: row.roleName, loginType: input.loginType, accessExpiresAt: input.accessExpiresAt?.toISOString() ?? null, expiresAt: expiresAt.toISOString() },
      ip: meta?.ip ?? null,
      userAgent: meta?.userAgent ?? null,
    });
  }

  await db.transaction(async (tx) => {
    for (let start = 0; start < inserts.length; start += 500) await tx.insert(invitations).values(inserts.slice(start, start + 500));
    for (const refresh of refreshes) await tx.update(invitations).set(refresh.values).where(eq(invitations.id, refresh.id));
    for (let start = 0; start < mails.length; start += 500) await enqueueMails(tx, mails.slice(start, start + 500));
    for (let start = 0; start < audits.length; start += 500) await tx.insert(auditLog).values(audits.slice(start, start + 500));
  });
  return results;
}

async function openInvitation(actor: Actor, id: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: invitations.id, email: invitations.email, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt, accessExpiresAt: invitations.accessExpiresAt, roleName: roles.name })
    .from(invitations)
    .innerJoin(roles, eq(roles.id, invitations.roleId))
    .where(and(eq(invitations.id, id), eq(invitations.accountId, actor.accountId)))
    .limit(1);
  if (!row) throw new DalError('not_found', 'That invitation does not exist in this account.');
  if (row.acceptedAt) throw new DalError('conflict', `${row.email} has already accepted.`);
  if (row.revokedAt) throw new DalError('conflict', 'That invitation was revoked. Invite them again instead.');
  return row;
}

/**
 * A new link for an open (waiting or expired) invitation; the old link stops working. With `mail`, it is
 * sent again; without, the new link is only returned (Copy link). Needs users.manage.
 */
export async function renewInvitation(actor: Actor, id: string, options: { mail: boolean; origin: string }, meta?: RequestMeta): Promise<{ link: string }> {
  await requirePermission(actor, 'users.manage');
  const row = await openInvitation(actor, id);
  const at = now();
  if (row.accessExpiresAt && row.accessExpiresAt <= at) throw new DalError('conflict', 'The temporary access this invitation grants has already ended. Invite them again with a new end date.');
  const token = newToken();
  const expiresAt = linkExpiry(at, 7, row.accessExpiresAt);
  const link = `${options.origin}/invite/${token}`;
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(invitations).set({ tokenHash: tokenHash(token), expiresAt, sentByUserId: actor.userId, sentByName: actor.name }).where(eq(invitations.id, id));
    if (options.mail) {
      const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, actor.accountId));
      await enqueueMail(tx, {
        accountId: actor.accountId,
        subjectRef: `invitation:${id}`,
        to: row.email,
        ...invitationMail({ accountName: account!.name, senderName: actor.name, roleName: row.roleName, url: link, linkExpiresAt: expiresAt, accessExpiresAt: row.accessExpiresAt }),
      });
    }
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: options.mail ? 'invitation.resent' : 'invitation.link_renewed',
      targetType: 'invitation',
      targetId: id,
      targetLabel: row.email,
      after: { expiresAt: expiresAt.toISOString() },
      meta,
    });
  });
  return { link };
}

/** Revokes an open invitation: its link stops working at once. Needs users.manage. */
export async function revokeInvitation(actor: Actor, id: string, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'users.manage');
  const row = await openInvitation(actor, id);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(invitations).set({ revokedAt: now() }).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)));
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'invitation.revoked', targetType: 'invitation', targetId: id, targetLabel: row.email, meta });
  });
}
