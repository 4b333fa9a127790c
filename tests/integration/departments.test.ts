import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, departmentMembers } from '@/db/schema';
import { addDepartmentMembers, createDepartment, deleteDepartment, listDepartments, removeDepartmentMembers, updateDepartment } from '@/lib/dal/organization/departments';
import { departmentInputSchema } from '@/lib/validation/organization';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const input = (name: string, extra: Record<string, unknown> = {}) => departmentInputSchema.parse({ name, ...extra });

async function admin() {
  const account = await createAccount();
  const owner = await createMember(account.accountId, { role: 'admin' });
  return { account, actor: actorOf(owner, 'Admin') };
}

describe('departments (issue 16)', () => {
  it('form a tree listed parents first, with depth and member counts', async () => {
    const { account, actor } = await admin();
    const { id: sales } = await createDepartment(actor, input('Sales', { email: 'sales@example.com', phone: '+44 20 7946 0958' }));
    const { id: emea } = await createDepartment(actor, input('EMEA', { parentId: sales }));
    await createDepartment(actor, input('Americas', { parentId: sales }));
    await createDepartment(actor, input('Engineering'));
    const people = await Promise.all([createMember(account.accountId), createMember(account.accountId)]);
    expect(await addDepartmentMembers(actor, emea, people.map((p) => p.membershipId))).toEqual({ added: 2 });
    const tree = await listDepartments(actor);
    expect(tree.map((d) => [d.name, d.depth, d.members])).toEqual([
      ['Engineering', 0, 0],
      ['Sales', 0, 0],
      ['Americas', 1, 0],
      ['EMEA', 1, 2],
    ]);
    expect(tree.find((d) => d.id === sales)).toMatchObject({ email: 'sales@example.com', phone: '+442079460958' });
  });

  it('refuses what the tree forbids with a message on the field, and writes nothing', async () => {
    const { actor } = await admin();
    const { id: top } = await createDepartment(actor, input('Top'));
    const { id: child } = await createDepartment(actor, input('Child', { parentId: top }));
    await expect(createDepartment(actor, input('top'))).rejects.toMatchObject({ code: 'conflict', fieldErrors: { name: 'That name is taken.' } });
    await expect(updateDepartment(actor, top, input('Top', { parentId: child }))).rejects.toMatchObject({ code: 'invalid', fieldErrors: { parentId: expect.any(String) } });
    let parent = child;
    for (let level = 3; level <= 10; level++) parent = (await createDepartment(actor, input(`Level ${level}`, { parentId: parent }))).id;
    await expect(createDepartment(actor, input('Level 11', { parentId: parent }))).rejects.toMatchObject({ code: 'invalid', message: 'Departments nest at most 10 levels deep.' });
    await expect(deleteDepartment(actor, top)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('1 sub-department') });
    expect((await listDepartments(actor)).map((d) => d.name)).toHaveLength(10);
  });

  it('bad input gets a message per field', () => {
    const parsed = departmentInputSchema.safeParse({ name: '  ', email: 'nope', phone: '12345', parentId: 'x' });
    expect(parsed.success).toBe(false);
    const fields = new Set(parsed.error!.issues.map((issue) => issue.path[0]));
    expect(fields).toEqual(new Set(['name', 'email', 'phone', 'parentId']));
    expect(departmentInputSchema.safeParse({ name: 'Nul\u0000' }).success).toBe(false);
  });

  it('never reaches another account: its departments are not found, its members are not added', async () => {
    const [{ actor }, other] = [await admin(), await admin()];
    const { id: theirs } = await createDepartment(other.actor, input('Theirs'));
    const { id: ours } = await createDepartment(actor, input('Ours'));
    const outsider = await createMember(other.account.accountId);
    await expect(updateDepartment(actor, theirs, input('Taken over'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteDepartment(actor, theirs)).rejects.toMatchObject({ code: 'not_found' });
    await expect(addDepartmentMembers(actor, theirs, [actor.membershipId])).rejects.toMatchObject({ code: 'not_found' });
    await expect(createDepartment(actor, input('Stray', { parentId: theirs }))).rejects.toMatchObject({ code: 'invalid', fieldErrors: { parentId: expect.any(String) } });
    await expect(addDepartmentMembers(actor, ours, [actor.membershipId, outsider.membershipId])).rejects.toMatchObject({ code: 'not_found' });
    const db = await getDb();
    expect(await db.select().from(departmentMembers).where(eq(departmentMembers.departmentId, ours))).toHaveLength(0);
    expect((await listDepartments(other.actor)).map((d) => d.name)).toEqual(['Theirs']);
  });

  it('needs groups.manage to change and groups.manage or users.manage to read', async () => {
    const { account, actor } = await admin();
    const user = actorOf(await createMember(account.accountId, { role: 'user' }));
    await expect(createDepartment(user, input('Mine'))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listDepartments(user)).rejects.toMatchObject({ code: 'forbidden' });
    const { id } = await createDepartment(actor, input('Sales'));
    await expect(addDepartmentMembers(user, id, [user.membershipId])).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('two admins adding the same people at once: each person joins once; the same new name twice: one wins', async () => {
    const { account, actor } = await admin();
    const second = actorOf(await createMember(account.accountId, { role: 'admin' }), 'Second admin');
    const { id } = await createDepartment(actor, input('Support'));
    const people = await Promise.all(Array.from({ length: 5 }, () => createMember(account.accountId)));
    const ids = people.map((p) => p.membershipId);
    const [a, b] = await Promise.all([addDepartmentMembers(actor, id, ids), addDepartmentMembers(second, id, ids)]);
    expect(a.added + b.added).toBe(5);
    const results = await Promise.allSettled([createDepartment(actor, input('Finance')), createDepartment(second, input('FINANCE'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await removeDepartmentMembers(actor, id, ids.slice(0, 2))).toEqual({ removed: 2 });
    expect((await listDepartments(actor)).find((d) => d.id === id)!.members).toBe(3);
  });

  it('audits every change with what it was and what it became, and deleting lets members go', async () => {
    const { account, actor } = await admin();
    const { id } = await createDepartment(actor, input('Legal'));
    await updateDepartment(actor, id, input('Legal & Compliance', { email: 'legal@example.com' }));
    await addDepartmentMembers(actor, id, [(await createMember(account.accountId)).membershipId]);
    await deleteDepartment(actor, id);
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.accountId, account.accountId), eq(auditLog.targetId, id))).orderBy(auditLog.createdAt, auditLog.id);
    expect(entries.map((e) => e.action)).toEqual(['department.created', 'department.updated', 'department.members_added', 'department.deleted']);
    expect(entries[1]).toMatchObject({ before: { name: 'Legal' }, after: { name: 'Legal & Compliance', email: 'legal@example.com' } });
    expect(entries[3]).toMatchObject({ before: { name: 'Legal & Compliance', members: 1 } });
    expect(await db.select().from(departmentMembers).where(eq(departmentMembers.departmentId, id))).toHaveLength(0);
  });
});
