import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { departments, groups, teams } from '@/db/schema';
import { requireAnyPermission, type Actor } from '@/lib/access/checks';
import type { StructureOptions } from '@/lib/types/organization';
import { inTreeOrder } from './departments';

export type { StructureOptions };

/**
 * The account's departments (in tree order, with their depth), teams and groups by name: ids and names only,
 * for the Users tab's filters. No member counts, so it stays as cheap at 200,000 members as at ten.
 * groups.manage or users.manage.
 */
export async function listStructureOptions(actor: Actor): Promise<StructureOptions> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  const byName = (name: typeof departments.name | typeof teams.name | typeof groups.name) => asc(sql`lower(${name})`);
  const [departmentRows, teamRows, groupRows] = await Promise.all([
    db
      .select({ id: departments.id, parentId: departments.parentId, name: departments.name })
      .from(departments)
      .where(eq(departments.accountId, actor.accountId))
      .orderBy(byName(departments.name), asc(departments.id)),
    db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.accountId, actor.accountId)).orderBy(byName(teams.name), asc(teams.id)),
    db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.accountId, actor.accountId)).orderBy(byName(groups.name), asc(groups.id)),
  ]);
  return { departments: inTreeOrder(departmentRows).map(({ id, name, depth }) => ({ id, name, depth })), teams: teamRows, groups: groupRows };
}
