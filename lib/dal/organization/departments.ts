import 'server-only';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { departmentMembers, departments } from '@/db/schema';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { violatedConstraint } from '@/lib/dal/core/constraint';
import { DalError } from '@/lib/dal/core/errors';
import { requireMembersOf, writeExplained } from './organization-writes';
import type { RequestMeta } from '@/lib/http/client';
import type { DepartmentNode } from '@/lib/types/organization';
import type { DepartmentInput } from '@/lib/validation/organization';

export type { DepartmentNode };

const notFound = () => new DalError('not_found', 'That department does not exist in this account.');

/**
 * The account's departments as a tree in reading order: each parent before its children, siblings by
 * name. Anyone who manages groups or users reads it (Add user offers departments).
 */
export async function listDepartments(actor: Actor): Promise<DepartmentNode[]> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  const rows = await db
    .select({
      id: departments.id,
      parentId: departments.parentId,
      name: departments.name,
      email: departments.email,
      phone: departments.phone,
      description: departments.description,
      // Spelled out: in a one-table select drizzle leaves column names unqualified, which a subquery would misread.
      members: sql<number>`(select count(*)::int from department_members dm where dm.department_id = departments.id)`,
    })
    .from(departments)
    .where(eq(departments.accountId, actor.accountId))
    .orderBy(asc(sql`lower(${departments.name})`), asc(departments.id));
  return inTreeOrder(rows);
}

/** A department as its page shows it: its fields, its parents from the root, and its sub-departments. */
export interface DepartmentDetail extends Omit<DepartmentNode, 'members' | 'depth'> {
  path: { id: string; name: string }[];
  children: { id: string; name: string }[];
}

/** One department of the actor's account (not found for another account's). groups.manage or users.manage. */
export async function getDepartment(actor: Actor, departmentId: string): Promise<DepartmentDetail> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  // The whole tree without member counts: a few hundred rows at most, for the path and the children.
  const rows = await db
    .select({ id: departments.id, parentId: departments.parentId, name: departments.name, email: departments.email, phone: departments.phone, description: departments.description })
    .from(departments)
    .where(eq(departments.accountId, actor.accountId))
    .orderBy(asc(sql`lower(${departments.name})`), asc(departments.id));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const department = byId.get(departmentId);
  if (!department) throw notFound();
  const path: { id: string; name: string }[] = [];
  // The database keeps the tree acyclic and at most 10 deep; the bound only guards the loop.
  for (let at = department.parentId ? byId.get(department.parentId) : undefined; at && path.length < 10; at = at.parentId ? byId.get(at.parentId) : undefined) path.unshift({ id: at.id, name: at.name });
  const children = rows.filter((row) => row.parentId === departmentId).map(({ id, name }) => ({ id, name }));
  return { ...department, path, children };
}

/** Parents before children, siblings in the order given; depth from the root. Pure: exported for tests. */
export function inTreeOrder<T extends { id: string; parentId: string | null }>(rows: T[]): (T & { depth: number })[] {
  const children = new Map<string | null, T[]>();
  const ids = new Set(rows.map((row) => row.id));
  for (const row of rows) {
    // A parent outside the list (never, by the database's rules) is shown as a root rather than lost.
    const parent = row.parentId !== null && ids.has(row.parentId) ? row.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const out: (T & { depth: number })[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      out.push({ ...row, depth });
      walk(row.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** What a refused write means in the form's words; anything else is rethrown. */
function explain(error: unknown, name: string): never {
  switch (violatedConstraint(error)) {
    case 'departments_account_name_unique':
      throw new DalError('conflict', `A department named “${name}” already exists.`, { name: 'That name is taken.' });
    case 'departments_no_cycle':
    case 'departments_not_own_parent':
      throw new DalError('invalid', 'A department cannot be placed under itself or one of its own sub-departments.', { parentId: 'Pick a department outside this one.' });
    case 'departments_max_depth':
      throw new DalError('invalid', 'Departments nest at most 10 levels deep.', { parentId: 'This would nest more than 10 levels deep.' });
    case 'departments_parent_fk':
      throw new DalError('invalid', 'Pick a department of this account.', { parentId: 'Pick a department of this account.' });
  }
  throw error;
}

const writeDepartment = <T>(name: string, write: (tx: Tx) => Promise<T>) => writeExplained((error) => explain(error, name), write);

/** Creates a department (groups.manage), under a parent of the same account or as a root. */
export async function createDepartment(actor: Actor, input: DepartmentInput, meta?: RequestMeta): Promise<{ id: string }> {
  await requirePermission(actor, 'groups.manage');
  return writeDepartment(input.name, async (tx) => {
    const [row] = await tx
      .insert(departments)
      .values({ accountId: actor.accountId, name: input.name, parentId: input.parentId, email: input.email, phone: input.phone, description: input.description })
      .returning({ id: departments.id });
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'department.created',
      targetType: 'department',
      targetId: row!.id,
      targetLabel: input.name,
      after: { ...input },
      meta,
    });
    return { id: row!.id };
  });
}

/** Changes a department's fields or moves it (groups.manage); the database refuses a cycle or an 11th level. */
export async function updateDepartment(actor: Actor, departmentId: string, input: DepartmentInput, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'groups.manage');
  await writeDepartment(input.name, async (tx) => {
    const [before] = await tx
      .select({ name: departments.name, parentId: departments.parentId, email: departments.email, phone: departments.phone, description: departments.description })
      .from(departments)
      .where(and(eq(departments.id, departmentId), eq(departments.accountId, actor.accountId)))
      .for('update');
    if (!before) throw notFound();
    await tx
      .update(departments)
      .set({ name: input.name, parentId: input.parentId, email: input.email, phone: input.phone, description: input.description, updatedAt: sql`now()` })
      .where(eq(departments.id, departmentId));
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'department.updated',
      targetType: 'department',
      targetId: departmentId,
      targetLabel: input.name,
      before,
      after: { ...input },
      meta,
    });
  });
}

/** Deletes a department that has no sub-departments (groups.manage); its members simply leave it. */
export async function deleteDepartment(actor: Actor, departmentId: string, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: departments.name, parentId: departments.parentId, email: departments.email, phone: departments.phone, description: departments.description })
      .from(departments)
      .where(and(eq(departments.id, departmentId), eq(departments.accountId, actor.accountId)))
      .for('update');
    if (!before) throw notFound();
    // The tree's lock (the trigger's), so a sub-department cannot be added under it while it goes.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`departments:${actor.accountId}`}, 0))`);
    const [{ children } = { children: 0 }] = await tx
      .select({ children: count() })
      .from(departments)
      .where(and(eq(departments.accountId, actor.accountId), eq(departments.parentId, departmentId)));
    if (children > 0) {
      throw new DalError('conflict', `“${before.name}” has ${children} sub-department${children === 1 ? '' : 's'}: move or delete ${children === 1 ? 'it' : 'them'} first.`);
    }
    const [{ members } = { members: 0 }] = await tx.select({ members: count() }).from(departmentMembers).where(eq(departmentMembers.departmentId, departmentId));
    await tx.delete(departments).where(eq(departments.id, departmentId));
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'department.deleted',
      targetType: 'department',
      targetId: departmentId,
      targetLabel: before.name,
      before: { ...before, members },
      meta,
    });
  });
}

/** The department of this account, locked for the change, or not found. */
async function lockDepartment(tx: Tx, actor: Actor, departmentId: string): Promise<{ name: string }> {
  const [row] = await tx
    .select({ name: departments.name })
    .from(departments)
    .where(and(eq(departments.id, departmentId), eq(departments.accountId, actor.accountId)))
    .for('share');
  if (!row) throw notFound();
  return row;
}

/**
 * Adds members to a department (groups.manage): all or none. Every id must be a member of this account,
 * else nothing is written and the answer is "not found" (another account's member is not named).
 * Members already in it are left as they are. Returns how many joined.
 */
export async function addDepartmentMembers(actor: Actor, departmentId: string, membershipIds: string[], meta?: RequestMeta): Promise<{ added: number }> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { name } = await lockDepartment(tx, actor, departmentId);
    await requireMembersOf(tx, actor, membershipIds);
    const added = await tx
      .insert(departmentMembers)
      .values(membershipIds.map((membershipId) => ({ departmentId, membershipId, accountId: actor.accountId })))
      .onConflictDoNothing()
      .returning({ membershipId: departmentMembers.membershipId });
    if (added.length > 0) {
      await recordAudit(tx, {
        accountId: actor.accountId,
        actorUserId: actor.userId,
        action: 'department.members_added',
        targetType: 'department',
        targetId: departmentId,
        targetLabel: name,
        after: { membershipIds: added.map((row) => row.membershipId) },
        meta,
      });
    }
    return { added: added.length };
  });
}

/** Removes members from a department (groups.manage). Ids not in it are ignored. Returns how many left. */
export async function removeDepartmentMembers(actor: Actor, departmentId: string, membershipIds: string[], meta?: RequestMeta): Promise<{ removed: number }> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { name } = await lockDepartment(tx, actor, departmentId);
    const removed = await tx
      .delete(departmentMembers)
      .where(and(eq(departmentMembers.departmentId, departmentId), eq(departmentMembers.accountId, actor.accountId), inArray(departmentMembers.membershipId, membershipIds)))
      .returning({ membershipId: departmentMembers.membershipId });
    if (removed.length > 0) {
      await recordAudit(tx, {
        accountId: actor.accountId,
        actorUserId: actor.userId,
        action: 'department.members_removed',
        targetType: 'department',
        targetId: departmentId,
        targetLabel: name,
        before: { membershipIds: removed.map((row) => row.membershipId) },
        meta,
      });
    }
    return { removed: removed.length };
  });
}
