import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { departments, groups, teams } from '@/db/schema';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import { DalError } from '@/lib/dal/core/errors';
import { findMemberPage } from '@/lib/dal/members/search/find-page';
import type { PickableMember, StructureKind, StructureMember, StructureMemberPage } from '@/lib/types/organization';
import { parseMemberQuery } from '@/lib/validation/members';

const TABLES = {
  department: { structure: departments, primary: sql`false`, link: sql`department_members`, column: sql`tm.department_id` },
  team: { structure: teams, primary: sql`tm.is_primary`, link: sql`team_members`, column: sql`tm.team_id` },
  group: { structure: groups, primary: sql`false`, link: sql`group_members`, column: sql`tm.group_id` },
} as const;

/** A department's or team's name, or not found (another account's id is not found either). */
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

/**
 * A page of a department's or team's members by name (then id), optionally searched by name or email.
 * groups.manage or users.manage. The structure must be the actor's account's.
 */
export async function listStructureMembers(actor: Actor, kind: StructureKind, id: string, options: { q?: string; offset?: number; pageSize?: number } = {}): Promise<StructureMemberPage> {
  return readStructureMembers(actor, kind, id, { ...options, pageSize: Math.min(Math.max(options.pageSize ?? 50, 1), 200) });
}

/** Every member of a department or team (up to 50,000), for its CSV export. */
export async function exportStructureMembers(actor: Actor, kind: StructureKind, id: string): Promise<StructureMember[]> {
  return (await readStructureMembers(actor, kind, id, { pageSize: 50_000 })).rows;
}

async function readStructureMembers(actor: Actor, kind: StructureKind, id: string, options: { q?: string; offset?: number; pageSize: number }): Promise<StructureMemberPage> {
  await getStructure(actor, kind, id);
  const pageSize = options.pageSize;
  const offset = Math.max(options.offset ?? 0, 0);
  const db = await getDb();
  const { link: linkTable, column: linkColumn } = TABLES[kind];
  const term = options.q?.trim().toLocaleLowerCase() ?? '';
  // Spelled out rather than built: a join of four tables reads plainer as SQL.
  const matches: SQL = term
    ? sql`and (lower(u.first_name || ' ' || u.last_name) like ${`%${escapeLike(term)}%`} or lower(u.email) like ${`%${escapeLike(term)}%`})`
    : sql``;
  const from = sql`from ${linkTable} tm join memberships m on m.id = tm.membership_id join users u on u.id = m.user_id
    where ${linkColumn} = ${id} and tm.account_id = ${actor.accountId} ${matches}`;
  const [rows, counted] = await Promise.all([
    db.execute(sql`select m.id as membership_id, btrim(u.first_name || ' ' || u.last_name) as name, u.email, u.avatar_key, ${TABLES[kind].primary} as is_primary
      ${from} order by lower(u.last_name), lower(u.first_name), m.id limit ${pageSize} offset ${offset}`),
    db.execute(sql`select count(*)::int as total ${from}`),
  ]);
  const list = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
  return {
    rows: list(rows).map(
      (row): StructureMember => ({
        membershipId: String(row.membership_id),
        name: String(row.name),
        email: String(row.email),
        avatarKey: row.avatar_key ? String(row.avatar_key) : null,
        isPrimary: row.is_primary === true,
      }),
    ),
    total: Number(list(counted)[0]?.total ?? 0),
    offset,
    pageSize,
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

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
