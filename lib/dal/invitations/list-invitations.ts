import 'server-only';
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { invitations, mailOutbox, roles } from '@/db/schema';
import { now } from '@/lib/clock';
import type { InvitationStatus } from '@/lib/validation/invitations';
import type { InviteQuery } from '@/lib/validation/invites-query';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { DELETED_ROLE, invitationStatus } from './invite-members';

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
