import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, auditLog, departments, invitationLinks, invitations, memberships, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor } from '@/lib/access/escalation';
import { compileRolesTolerant } from '@/lib/access/compile-graph';
import { listGranted, resolveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { invitationMail } from '@/lib/mail/templates';
import { checkAddress, splitDepartmentNames, type InvitationStatus, type InviteInput } from '@/lib/validation/invitations';
import { checkPlacement } from '@/lib/dal/organization/placement';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { type AuditRow } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { endInvitationLinks, newInvitationLink } from './invitation-links';
import { enqueueMails } from '@/lib/dal/ops/mail-outbox';
import { resendRefusals } from '@/lib/dal/core/resend-limits';
import { type InviteRowResult } from '@/lib/types/invitations';


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

  // Where they are placed (issue 16): the dialog's departments and team, checked to be this account's
  // (a field message and nothing sent otherwise), plus the departments a CSV row names.
  const [accountDepartments, placedIn] = await Promise.all([
    db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.accountId, actor.accountId)),
    db.transaction((tx) => checkPlacement(tx, actor.accountId, { departmentIds: input.departmentIds, teamId: input.teamId, groupIds: input.groupIds })),
  ]);
  // Groups bring their roles: nothing beyond the sender's own access, as for the role itself.
  const throughGroups = listGranted(resolveAccess(SYSTEM_SPACE, compiled, placedIn.groupRoleIds));
  const beyondGroups = beyondActor(actorAccess, [...throughGroups.permissions, ...throughGroups.privileges]);
  if (beyondGroups.length > 0) {
    throw new DalError('forbidden', `You cannot give anyone more than you hold yourself, through a group either. Beyond your permissions: ${beyondGroups.join(', ')}.`, { groupIds: 'A group here gives more than you hold.' });
  }
  const departmentByName = new Map(accountDepartments.map((department) => [department.name.toLocaleLowerCase(), department]));

  const results: InviteRowResult[] = [];
  const accepted: { index: number; email: string; roleId: string; roleName: string; firstName: string; lastName: string; departmentIds: string[]; departmentNames: string[] }[] = [];
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
    const rowDepartmentNames = splitDepartmentNames(row.departments);
    const unknown = rowDepartmentNames.find((name) => !departmentByName.has(name.toLocaleLowerCase()));
    if (unknown) {
      results.push({ email: address.email, outcome: 'refused', reason: `No department named “${unknown}” in this account.` });
      continue;
    }
    const rowDepartments = rowDepartmentNames.map((name) => departmentByName.get(name.toLocaleLowerCase())!);
    const departmentIds = [...new Set([...input.departmentIds, ...rowDepartments.map((department) => department.id)])];
    const departmentNames = [...new Set([...placedIn.departments, ...rowDepartments.map((department) => department.name)])];
    const roleId = named?.id ?? row.roleId ?? input.roleId;
    const verdict = verdictFor(roleId);
    if (!verdict.ok) {
      results.push({ email: address.email, outcome: 'refused', reason: verdict.reason });
      continue;
    }
    results.push({ email: address.email, outcome: 'sent' });
    accepted.push({ index, email: address.email, roleId, roleName: verdict.name, firstName: row.firstName, lastName: row.lastName, departmentIds, departmentNames });
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
      placement: { departmentIds: row.departmentIds, teamId: input.teamId, groupIds: input.groupIds },
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
      after: {
        role: row.roleName,
        loginType: input.loginType,
        accessExpiresAt: input.accessExpiresAt?.toISOString() ?? null,
        expiresAt: expiresAt.toISOString(),
        ...(row.departmentNames.length ? { departments: row.departmentNames } : {}),
        ...(placedIn.team ? { team: placedIn.team } : {}),
        ...(placedIn.groups.length ? { groups: placedIn.groups } : {}),
      },
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
