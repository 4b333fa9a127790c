import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { departments, groups, teams } from '@/db/schema';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import { DalError } from '@/lib/dal/core/errors';
import { findAllMembers } from '@/lib/dal/members/search/find-all';
import { findMemberPage } from '@/lib/dal/members/search/find-page';
import type { MemberRow } from '@/lib/types/members';
import type { PickableMember, StructureKind, StructureMember, StructureMemberPage } from '@/lib/types/organization';
import { parseMemberQuery, type MemberQuery } from '@/lib/validation/members';

const TABLES = { department: { structure: departments }, team: { structure: teams }, group: { structure: groups } } as const;

/** A department's, team's or group's name, or not found (another account's id is not found either). */
export async function getStructure(actor: Actor, kind: StructureKind, id: string): Promise<{ id: string; name: string }> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const { structure } = TABLES[kind];
  const db = await getDb();
  const [row] = await db
    .select({ id: structure.id, name: structure.name })
    .from(structure)
    .where(and(eq(structure.id, id), eq(structure.accountId, actor.accountId)));
  if (!row) throw new DalError('not_found', `That ${kind} does not exist in this account.`);
  return row;
}

/** The Users tab's query for a structure's members: its search, the structure as the filter, by name. */
function structureQuery(kind: StructureKind, id: string, options: { q?: string; cursor?: string | null; pageSize?: number }): MemberQuery {
  const query = parseMemberQuery({ q: options.q ?? '', [kind]: id, cursor: options.cursor ?? undefined });
  return { ...query, size: Math.min(Math.max(Math.trunc(options.pageSize ?? 50), 1), 200) };
}

const toStructureMember = (kind: StructureKind, id: string, row: Omit<MemberRow, 'isSelf'>): StructureMember => ({
  membershipId: row.membershipId,
  name: `${row.firstName} ${row.lastName}`.trim(),
  email: row.email,
  avatarKey: row.avatarKey,
  isPrimary: kind === 'team' && row.primaryTeam?.id === id,
});

/**
 * A page of a department's, team's or group's members by name, optionally searched (name, email or phone,
 * as the Users tab searches), paged by keyset cursor as the Users tab pages: as fast on the last page of a
 * group of 200,000 as on the first. groups.manage or users.manage; the structure must be the actor's
 * account's.
 */
export async function listStructureMembers(actor: Actor, kind: StructureKind, id: string, options: { q?: string; cursor?: string | null; pageSize?: number } = {}): Promise<StructureMemberPage> {
  await getStructure(actor, kind, id);
  const { page } = await findMemberPage(await getDb(), { accountId: actor.accountId, selfMembershipId: actor.membershipId }, structureQuery(kind, id, options));
  const { rows, ...rest } = page;
  return { ...rest, rows: rows.map((row) => toStructureMember(kind, id, row)) };
}

/** Every member of a department, team or group (up to 50,000) by name, for its CSV export. */
export async function exportStructureMembers(actor: Actor, kind: StructureKind, id: string): Promise<StructureMember[]> {
  await getStructure(actor, kind, id);
  const rows = await findAllMembers(await getDb(), { accountId: actor.accountId, selfMembershipId: actor.membershipId }, structureQuery(kind, id, {}), 50_000);
  return rows.map((row) => toStructureMember(kind, id, row));
}

/**
 * Members of the actor's account matching a search, for the pickers that add people to a department, team
 * or group: the Users tab's own search (name, email, phone), first 10 by name. groups.manage.
 */
export async function searchMembersToPick(actor: Actor, q: string): Promise<PickableMember[]> {
  await requirePermission(actor, 'groups.manage');
  const query = parseMemberQuery({ q, size: '10' });
  const { page } = await findMemberPage(await getDb(), { accountId: actor.accountId, selfMembershipId: actor.membershipId }, query);
  return page.rows.map((row) => ({ membershipId: row.membershipId, name: `${row.firstName} ${row.lastName}`.trim(), email: row.email, avatarKey: row.avatarKey }));
}
