import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, auditLog, invitationLinks, invitations, mailOutbox, memberships, roles, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor } from '@/lib/access/escalation';
import { compileRolesTolerant, listGranted, resolveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { invitationMail } from '@/lib/mail/templates';
import { checkAddress, type InvitationStatus, type InviteInput } from '@/lib/validation/invitations';
import type { InviteQuery } from '@/lib/validation/invites-query';
import { loadAccountRoles } from './access-store';
import { recordAudit, type AuditRow } from './audit';
import { DalError } from './errors';
import { addInvitationLink, endInvitationLinks, newInvitationLink } from './invitation-links';
import { enqueueMail, enqueueMails } from './outbox';
import { assertMayResend, resendRefusals } from './resend-limits';


/** What an accepted or revoked invitation shows for a role deleted since (an open one moves with its members). */
export const DELETED_ROLE = 'Deleted role';

export const SSO_NOT_SET_UP = 'Single sign-on is not set up for this account, so an SSO invitation would lead nowhere. Invite them with a local login.';

/** Derived, never stored: accepted → completed, revoked → revoked, past its expiry → expired, else waiting. */
export function invitationStatus(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, at: Date): InvitationStatus {
  if (row.acceptedAt) return 'completed';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= at.getTime() ? 'expired' : 'waiting';
}

/** The link's end: the chosen number of days, never after a temporary invitation's end of access. */
export function linkExpiry(at: Date, days: number, accessExpiresAt: Date | null): Date {
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
  // TODO(#19): ask the account's single sign-on connection once SSO can be set up; until then no account has one,
  // and an SSO invitation would lead nowhere, so it is refused rather than shown as "Sent".
  if (input.loginType === 'sso') throw new DalError('invalid', SSO_NOT_SET_UP, { loginType: SSO_NOT_SET_UP });
  const db = await getDb();
  const at = now();
  const roleInputs = await loadAccountRoles(actor.accountId);
  const compiled = compileRolesTolerant(SYSTEM_SPACE, roleInputs).compiled;
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
    const named = row.roleName ? roleInputs.find((role) => role.name.toLowerCase() === row.roleName!.toLowerCase()) : undefined;
    if (row.roleName && !named) {
      results.push({ email: address.email, outcome: 'refused', reason: `No role named “${row.roleName}” in this account.` });
      continue;
    }
    const roleId = named?.id ?? row.roleId ?? input.roleId;
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
  const linkRows: (typeof invitationLinks.$inferInsert)[] = [];
  const refreshes: { id: string; result: InviteRowResult; values: Partial<typeof invitations.$inferInsert> }[] = [];
  const mails: Parameters<typeof enqueueMails>[1] = [];
  const audits: AuditRow[] = [];
  for (const row of accepted) {
    const result = results[row.index]!;
    if (memberSet.has(row.email)) {
      Object.assign(result, { outcome: 'refused', reason: 'Already a member of this account.' });
      continue;
    }
    const fields = {
      roleId: row.roleId,
      firstName: row.firstName,
      lastName: row.lastName,
      loginType: input.loginType,
      accessExpiresAt: input.accessExpiresAt,
      sentByUserId: actor.userId,
      sentByName: actor.name,
      expiresAt,
    };
    const existingId = openByEmail.get(row.email);
    const id = existingId ?? randomUUID();
    const link = newInvitationLink(id, 'mail', actor.userId);
    const token = link.token;
    linkRows.push(link.row);
    if (existingId) {
      refreshes.push({ id, result, values: fields });
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
    // Inviting an address whose invitation is open sends its link again: the resend limits apply.
    const refused = refreshes.length > 0 ? await resendRefusals(tx, actor.accountId, refreshes.map((refresh) => refresh.id)) : new Map<string, string>();
    for (const refresh of refreshes) {
      const reason = refused.get(refresh.id);
      if (reason) Object.assign(refresh.result, { outcome: 'refused', reason });
    }
    const allowed = <T>(items: T[], idOf: (item: T) => string | null | undefined) => items.filter((item) => !refused.has(idOf(item) ?? ''));
    const sendMails = allowed(mails, (mail) => mail.subjectRef.slice('invitation:'.length));
    const writeAudits = allowed(audits, (entry) => entry.targetId);
    for (let start = 0; start < inserts.length; start += 500) await tx.insert(invitations).values(inserts.slice(start, start + 500));
    const refreshed = allowed(refreshes, (item) => item.id);
    for (const refresh of refreshed) await tx.update(invitations).set(refresh.values).where(eq(invitations.id, refresh.id));
    // Inviting again sets new terms (role, end of access): the links sent with the old ones end.
    await endInvitationLinks(tx, refreshed.map((refresh) => refresh.id));
    const newLinks = allowed(linkRows, (link) => link.invitationId);
    for (let start = 0; start < newLinks.length; start += 500) await tx.insert(invitationLinks).values(newLinks.slice(start, start + 500));
    for (let start = 0; start < sendMails.length; start += 500) await enqueueMails(tx, sendMails.slice(start, start + 500));
    for (let start = 0; start < writeAudits.length; start += 500) await tx.insert(auditLog).values(writeAudits.slice(start, start + 500));
  });
  return results;
}

async function openInvitation(actor: Actor, id: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: invitations.id, email: invitations.email, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt, accessExpiresAt: invitations.accessExpiresAt, roleName: roles.name })
    .from(invitations)
    // An accepted or revoked invitation may name a role since deleted.
    .leftJoin(roles, eq(roles.id, invitations.roleId))
    .where(and(eq(invitations.id, id), eq(invitations.accountId, actor.accountId)))
    .limit(1);
  if (!row) throw new DalError('not_found', 'That invitation does not exist in this account.');
  if (row.acceptedAt) throw new DalError('conflict', `${row.email} has already accepted.`);
  if (row.revokedAt) throw new DalError('conflict', 'That invitation was revoked. Invite them again instead.');
  return { ...row, roleName: row.roleName ?? DELETED_ROLE };
}

/**
 * A new link for an open (waiting or expired) invitation, which runs 7 more days. The links handed out
 * before keep working (all end with the invitation), unless it had expired: then it starts afresh and
 * only the new link works. With `mail`, the new link is sent; without, it is only returned (Copy link).
 * Needs users.manage. Sending again is refused (rate_limited, nothing queued) past 3 times an hour per
 * invitation or 200 an hour per account.
 */
export async function renewInvitation(actor: Actor, id: string, options: { mail: boolean; origin: string }, meta?: RequestMeta): Promise<{ link: string }> {
  await requirePermission(actor, 'users.manage');
  const row = await openInvitation(actor, id);
  const at = now();
  if (row.accessExpiresAt && row.accessExpiresAt <= at) throw new DalError('conflict', 'The temporary access this invitation grants has already ended. Invite them again with a new end date.');
  const expiresAt = linkExpiry(at, 7, row.accessExpiresAt);
  const db = await getDb();
  const link = await db.transaction(async (tx) => {
    if (options.mail) await assertMayResend(tx, actor.accountId, id);
    const [renewed] = await tx
      .update(invitations)
      .set({ expiresAt, sentByUserId: actor.userId, sentByName: actor.name })
      .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (!renewed) throw new DalError('conflict', `The invitation to ${row.email} was accepted or revoked meanwhile.`);
    // An expired invitation's old links stay ended rather than coming back with the new expiry.
    if (row.expiresAt <= at) await endInvitationLinks(tx, [id]);
    const token = await addInvitationLink(tx, id, options.mail ? 'mail' : 'copy', actor.userId);
    const link = `${options.origin}/invite/${token}`;
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
    return link;
  });
  return { link };
}

/** Revokes an open invitation: every link to it stops working at once. Needs users.manage. */
export async function revokeInvitation(actor: Actor, id: string, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'users.manage');
  const row = await openInvitation(actor, id);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(invitations).set({ revokedAt: now() }).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)));
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'invitation.revoked', targetType: 'invitation', targetId: id, targetLabel: row.email, meta });
  });
}

export interface InvitationRow {
  id: string;
  email: string;
  roleName: string;
  status: InvitationStatus;
  loginType: 'local' | 'sso';
  createdAt: string;
  expiresAt: string;
  respondedAt: string | null;
  accessExpiresAt: string | null;
  senderName: string;
  mail: { status: string; lastError: string | null; attempts: number; providerId: string | null } | null;
}

/** One page of the account's invitations for the Invites tab, with each one's latest mail status. Needs users.manage. */
export async function listInvitations(actor: Actor, query: InviteQuery): Promise<{ rows: InvitationRow[]; total: number; page: number; pageSize: number }> {
  await requirePermission(actor, 'users.manage');
  const db = await getDb();
  const at = now();
  const conditions = [eq(invitations.accountId, actor.accountId)];
  if (query.q) conditions.push(sql`lower(${invitations.email}) like ${`%${query.q.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`}`);
  switch (query.status) {
    case 'waiting':
      conditions.push(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, at));
      break;
    case 'completed':
      conditions.push(isNotNull(invitations.acceptedAt));
      break;
    case 'revoked':
      conditions.push(isNotNull(invitations.revokedAt));
      break;
    case 'expired':
      conditions.push(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), lte(invitations.expiresAt, at));
      break;
  }
  const where = and(...conditions);
  const direction = query.dir === 'asc' ? asc : desc;
  const responded = sql`coalesce(${invitations.acceptedAt}, ${invitations.revokedAt})`;
  const order = {
    email: [direction(sql`lower(${invitations.email})`)],
    created: [direction(invitations.createdAt)],
    expires: [direction(invitations.expiresAt)],
    responded: [sql`${responded} ${sql.raw(query.dir)} nulls last`],
  }[query.sort];
  const [rows, [totalRow]] = await Promise.all([
    db
      .select({
        id: invitations.id,
        email: invitations.email,
        roleName: roles.name,
        loginType: invitations.loginType,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
        revokedAt: invitations.revokedAt,
        accessExpiresAt: invitations.accessExpiresAt,
        senderName: invitations.sentByName,
      })
      .from(invitations)
      .leftJoin(roles, eq(roles.id, invitations.roleId))
      .where(where)
      .orderBy(...order, asc(invitations.id))
      .limit(query.size)
      .offset((query.page - 1) * query.size),
    db.select({ total: count() }).from(invitations).where(where),
  ]);
  const refs = rows.map((row) => `invitation:${row.id}`);
  const mails = refs.length
    ? await db
        .select({ subjectRef: mailOutbox.subjectRef, status: mailOutbox.status, lastError: mailOutbox.lastError, attempts: mailOutbox.attempts, providerId: mailOutbox.providerId, createdAt: mailOutbox.createdAt })
        .from(mailOutbox)
        .where(inArray(mailOutbox.subjectRef, refs))
        .orderBy(desc(mailOutbox.createdAt))
    : [];
  return {
    rows: rows.map((row) => {
      const mail = mails.find((candidate) => candidate.subjectRef === `invitation:${row.id}`);
      return {
        id: row.id,
        email: row.email,
        roleName: row.roleName ?? DELETED_ROLE,
        status: invitationStatus(row, at),
        loginType: row.loginType,
        createdAt: row.createdAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
        respondedAt: (row.acceptedAt ?? row.revokedAt)?.toISOString() ?? null,
        accessExpiresAt: row.accessExpiresAt?.toISOString() ?? null,
        senderName: row.senderName,
        mail: mail ? { status: mail.status, lastError: mail.lastError, attempts: mail.attempts, providerId: mail.providerId } : null,
      };
    }),
    total: Number(totalRow?.total ?? 0),
    page: query.page,
    pageSize: query.size,
  };
}
