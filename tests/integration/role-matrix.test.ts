import { and, desc, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRoleAction, updateRoleAction } from '@/app/(app)/settings/roles/actions';
import { computeCellStates, describeCell, GRANTED, lockOf } from '@/app/(app)/settings/roles/matrix/_components/cell-state';
import { toggleMatrixCellAction } from '@/app/(app)/settings/roles/matrix/actions';
import { GET as matrixColumnsRoute } from '@/app/(app)/settings/roles/matrix/columns/route';
import type { ActionResult } from '@/lib/actions/types';
import { readRoute } from '../support/read-route';
import { GET as exportMatrix } from '@/app/(app)/settings/roles/matrix/export/route';
import { getDb } from '@/db/client';
import { auditLog, roles } from '@/db/schema';
import { getRoleMatrix, orderColumns } from '@/lib/dal/roles/get-role-matrix';
import { type MatrixColumn, type RoleMatrix } from '@/lib/types/role-matrix';
import { PRIVILEGES_MAX } from '@/lib/validation/access';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { withTestAuthSecret } from '../support/auth-secret';
import { createAccount, createMember, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestAuthSecret();
withTestDatabase();

let account: Account;
let owner: Member;
let admin: Member;
let plainUser: Member;
let salesId: string;
let seniorId: string;

async function create(name: string, baseRoleId: string, permissions: string[] = [], privileges = '') {
  const created = await createRoleAction({ name, baseRoleId, permissions, privileges });
  if (!created.ok) throw new Error(created.message);
  return created.data.id;
}

async function matrixAs(member: Member): Promise<RoleMatrix> {
  await actAs(member.email);
  return getRoleMatrix(actorOf(member));
}

/** The cell as the page shows it, for the named role and row. */
function cell(matrix: { columns: MatrixColumn[]; rows: RoleMatrix['rows'] }, roleName: string, rowName: string) {
  const states = computeCellStates(matrix.columns, matrix.rows);
  const c = matrix.columns.findIndex((column) => column.name === roleName);
  const r = matrix.rows.findIndex((row) => row.name === rowName);
  if (c < 0 || r < 0) throw new Error(`no cell ${roleName} × ${rowName}`);
  return describeCell(states[r * matrix.columns.length + c]!, matrix.columns, matrix.columns[c]!, matrix.rows[r]!, lockOf(matrix.columns[c]!, matrix.rows[r]!));
}

async function version(roleId: string) {
  const db = await getDb();
  const [row] = await db.select({ version: roles.version }).from(roles).where(eq(roles.id, roleId));
  return row!.version;
}

beforeAll(async () => {
  account = await createAccount('Matrix Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  admin = await createMember(account.accountId, { role: 'admin' });
  plainUser = await createMember(account.accountId, { role: 'user' });
  await actAs(owner.email);
  // Names chosen so alphabetical order would put the role before its base.
  salesId = await create('Zeta Sales', account.roleIds.user, ['insight.view'], 'report.export, users.manage');
  seniorId = await create('Alpha Senior Sales', salesId, ['reports.view']);
});

describe('the matrix query', () => {
  it('orders columns built-in by rank, then each base before the roles based on it', async () => {
    const matrix = await matrixAs(owner);
    expect(matrix.columns.map((column) => column.name)).toEqual(['Owner', 'Admin', 'User', 'Guest', 'Zeta Sales', 'Alpha Senior Sales']);
    expect(matrix.columns.find((column) => column.name === 'Alpha Senior Sales')!.chain).toEqual(['Alpha Senior Sales', 'Zeta Sales', 'User']);
    // Siblings by name, children right after their base.
    const made = orderColumns([
      { id: 'c', name: 'C', builtinKey: null, baseRoleId: 'u' },
      { id: 'b2', name: 'B2', builtinKey: null, baseRoleId: 'b' },
      { id: 'b', name: 'B', builtinKey: null, baseRoleId: 'u' },
      { id: 'u', name: 'User', builtinKey: 'user', baseRoleId: null },
      { id: 'o', name: 'Owner', builtinKey: 'owner', baseRoleId: null },
    ]);
    expect(made.map((role) => role.id)).toEqual(['o', 'u', 'b', 'b2', 'c']);
  });

  it('lists the catalogue by category, then custom privileges; a privilege named like a system permission is not a row of its own', async () => {
    const matrix = await matrixAs(owner);
    const categories = matrix.rows.map((row) => row.category);
    expect(categories.indexOf('operational')).toBeGreaterThan(categories.lastIndexOf('module'));
    expect(categories.indexOf('privilege')).toBeGreaterThan(categories.lastIndexOf('functional'));
    expect(matrix.rows.filter((row) => row.category === 'privilege').map((row) => row.name)).toEqual(['report.export']);
    expect(matrix.rows.filter((row) => row.name === 'users.manage')).toHaveLength(1);
    // The shadowed privilege does not make users.manage look granted by Zeta Sales.
    expect(cell(matrix, 'Zeta Sales', 'users.manage')).toBe('Zeta Sales: Manage users — not granted');
  });

  it('tells each cell: granted by the role, inherited from which role, not granted, locked', async () => {
    const matrix = await matrixAs(owner);
    expect(cell(matrix, 'Zeta Sales', 'insight.view')).toBe('Zeta Sales: Open Insight — granted by this role');
    expect(cell(matrix, 'Alpha Senior Sales', 'insight.view')).toBe('Alpha Senior Sales: Open Insight — inherited from Zeta Sales');
    expect(cell(matrix, 'Alpha Senior Sales', 'crm.view')).toBe('Alpha Senior Sales: Open CRM — inherited from User');
    expect(cell(matrix, 'Alpha Senior Sales', 'report.export')).toBe('Alpha Senior Sales: report.export — inherited from Zeta Sales');
    expect(cell(matrix, 'Zeta Sales', 'billing.manage')).toBe('Zeta Sales: Billing — not granted');
    expect(cell(matrix, 'User', 'crm.view')).toBe('User: Open CRM — granted by this role (locked: built-in role)');
    // The Owner holds every custom privilege.
    expect(cell(matrix, 'Owner', 'report.export')).toBe('Owner: report.export — granted by this role (locked: built-in role)');
    expect(cell(matrix, 'Admin', 'report.export')).toBe('Admin: report.export — not granted (locked: built-in role)');
  });

  it('locks, for an Admin, the rows beyond their own access', async () => {
    const matrix = await matrixAs(admin);
    expect(matrix.rows.find((row) => row.name === 'report.export')!.changeable).toBe(false);
    expect(matrix.rows.find((row) => row.name === 'users.passwords')!.changeable).toBe(false);
    expect(matrix.rows.find((row) => row.name === 'crm.delete')!.changeable).toBe(true);
    expect(cell(matrix, 'Zeta Sales', 'report.export')).toBe('Zeta Sales: report.export — granted by this role (locked: beyond your own permissions)');
  });

  it('is refused to a member without roles.manage', async () => {
    await expect(matrixAs(plainUser)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('toggling a cell', () => {
  it('grants a permission on a base role: the roles based on it inherit it, the version moves on and the change is audited', async () => {
    await actAs(owner.email);
    const before = await version(salesId);
    const shown = await matrixAs(owner);
    await actAs(owner.email);
    const result = await toggleMatrixCellAction({ roleId: salesId, name: 'crm.delete', granted: true, version: before });
    if (!result.ok) throw new Error(result.message);
    // The answer is the role's own grants as saved and its new version…
    expect(result.data.column).toEqual({ id: salesId, version: before + 1, own: expect.arrayContaining(['crm.delete', 'insight.view', 'report.export']) });
    expect(result.data.column.own).not.toContain('users.manage');
    // …and the page, merging it into what it shows, has every cell as a fresh load has it.
    const merged = { rows: shown.rows, columns: shown.columns.map((column) => (column.id === salesId ? { ...column, ...result.data.column } : column)) };
    const fresh = await matrixAs(owner);
    expect([...computeCellStates(merged.columns, merged.rows)]).toEqual([...computeCellStates(fresh.columns, fresh.rows)]);
    expect(cell(fresh, 'Alpha Senior Sales', 'crm.delete')).toBe('Alpha Senior Sales: Delete in CRM — inherited from Zeta Sales');

    const db = await getDb();
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, salesId), eq(auditLog.action, 'role.grant_changed')))
      .orderBy(desc(auditLog.createdAt))
      .limit(1);
    // The cell's own audit entry (issue 14: the toggle is its own operation): crm.delete was not granted, now is.
    expect(entry!.before).toEqual({ permission: 'crm.delete', granted: false });
    expect(entry!.after).toEqual({ permission: 'crm.delete', granted: true });
  });

  it('removes a custom privilege, and Undo (the opposite toggle with the new version) puts it back', async () => {
    await actAs(owner.email);
    const removed = await toggleMatrixCellAction({ roleId: salesId, name: 'report.export', granted: false, version: await version(salesId) });
    if (!removed.ok) throw new Error(removed.message);
    expect(removed.data.column.own).not.toContain('report.export');
    // No role names it any more: on the next load it is no longer a row (the page keeps it until then, for Undo).
    expect((await matrixAs(owner)).rows.some((row) => row.name === 'report.export')).toBe(false);
    await actAs(owner.email);
    const undone = await toggleMatrixCellAction({ roleId: salesId, name: 'report.export', granted: true, version: removed.data.column.version });
    expect(undone).toMatchObject({ ok: true });
    expect(cell(await matrixAs(owner), 'Alpha Senior Sales', 'report.export')).toBe('Alpha Senior Sales: report.export — inherited from Zeta Sales');
  });

  it('refuses a stale version (another admin saved the role) with a clear message, changing nothing; the current columns are there to roll back to', async () => {
    await actAs(owner.email);
    const seen = await version(seniorId);
    // Another admin saves the role in the editor in between.
    const other = await updateRoleAction({ roleId: seniorId, version: seen, name: 'Alpha Senior Sales', baseRoleId: salesId, permissions: ['reports.view', 'forms.delete'] });
    expect(other).toMatchObject({ ok: true });
    const stale = await toggleMatrixCellAction({ roleId: seniorId, name: 'tasks.delete', granted: true, version: seen });
    expect(stale).toMatchObject({ ok: false, code: 'conflict', message: expect.stringContaining('Someone else changed “Alpha Senior Sales”') });
    const current = (await readRoute(matrixColumnsRoute, '/settings/roles/matrix/columns', { roleIds: [seniorId] })) as ActionResult<MatrixColumn[]>;
    if (!current.ok) throw new Error(current.message);
    const senior = current.data.find((column) => column.id === seniorId)!;
    expect(senior.version).toBe(seen + 1);
    expect(senior.own.sort()).toEqual(['forms.delete', 'reports.view']);
  });

  it('two tabs toggling at once with the same version: one saves, the other is told the role moved on; one grant, one audit entry', async () => {
    await actAs(owner.email);
    const seen = await version(seniorId);
    const db = await getDb();
    const auditsBefore = await db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.targetId, seniorId), eq(auditLog.action, 'role.grant_changed')));
    const answers = await Promise.all([
      toggleMatrixCellAction({ roleId: seniorId, name: 'crm.delete', granted: true, version: seen }),
      toggleMatrixCellAction({ roleId: seniorId, name: 'forms.view', granted: true, version: seen }),
    ]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok)).toMatchObject([{ code: 'conflict' }]);
    expect(await version(seniorId)).toBe(seen + 1);
    const auditsAfter = await db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.targetId, seniorId), eq(auditLog.action, 'role.grant_changed')));
    expect(auditsAfter).toHaveLength(auditsBefore.length + 1);
  });

  it('asking for what the role already holds writes nothing and answers the role as it is', async () => {
    await actAs(owner.email);
    const seen = await version(salesId);
    const result = await toggleMatrixCellAction({ roleId: salesId, name: 'insight.view', granted: true, version: seen });
    expect(result).toMatchObject({ ok: true, data: { column: { id: salesId, version: seen, own: expect.arrayContaining(['insight.view']) } } });
    expect(await version(salesId)).toBe(seen);
  });

  it('refuses a built-in role', async () => {
    await actAs(owner.email);
    const result = await toggleMatrixCellAction({ roleId: account.roleIds.user, name: 'insight.view', granted: true, version: 1 });
    expect(result).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('built-in role') });
    expect(cell(await matrixAs(owner), 'User', 'insight.view')).toBe('User: Open Insight — not granted (locked: built-in role)');
  });

  it('refuses an Admin granting or removing what they do not hold themselves (a privilege, a permission)', async () => {
    await actAs(admin.email);
    const privilege = await toggleMatrixCellAction({ roleId: salesId, name: 'report.export', granted: false, version: await version(salesId) });
    expect(privilege).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('report.export') });
    const permission = await toggleMatrixCellAction({ roleId: seniorId, name: 'users.passwords', granted: true, version: await version(seniorId) });
    expect(permission).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('users.passwords') });
    const matrix = await matrixAs(owner);
    expect(cell(matrix, 'Zeta Sales', 'report.export')).toBe('Zeta Sales: report.export — granted by this role');
    expect(cell(matrix, 'Alpha Senior Sales', 'users.passwords')).toBe('Alpha Senior Sales: Manage user passwords — not granted');
    // What they do hold, they may toggle.
    await actAs(admin.email);
    expect(await toggleMatrixCellAction({ roleId: seniorId, name: 'tasks.delete', granted: true, version: await version(seniorId) })).toMatchObject({ ok: true });
  });

  it('refuses a member without roles.manage, another account’s role and bad input', async () => {
    await actAs(plainUser.email);
    expect(await toggleMatrixCellAction({ roleId: salesId, name: 'crm.delete', granted: false, version: await version(salesId) })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await readRoute(matrixColumnsRoute, '/settings/roles/matrix/columns', { roleIds: [salesId] })).toMatchObject({ ok: false, code: 'forbidden' });

    const elsewhere = await createAccount('Elsewhere Matrix');
    const stranger = await createMember(elsewhere.accountId, { role: 'owner' });
    await actAs(stranger.email);
    expect(await toggleMatrixCellAction({ roleId: salesId, name: 'crm.delete', granted: false, version: await version(salesId) })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await readRoute(matrixColumnsRoute, '/settings/roles/matrix/columns', { roleIds: [salesId] })).toEqual({ ok: true, data: [] });

    await actAs(owner.email);
    const sv = await version(salesId);
    expect(await toggleMatrixCellAction({ roleId: salesId, name: 'Not A Name!', granted: true, version: sv })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await toggleMatrixCellAction({ roleId: 'nope', name: 'crm.view', granted: true, version: sv })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await toggleMatrixCellAction({ roleId: salesId, name: 'crm.view', granted: 'yes', version: sv })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await version(salesId)).toBe(sv);
  });
});

describe('the per-role limit of custom privileges', () => {
  it('refuses a privilege past the limit from the matrix too, changing nothing', async () => {
    await actAs(owner.email);
    const names = Array.from({ length: PRIVILEGES_MAX }, (_, i) => `bulk.p${i}`).join(' ');
    const full = await create('Full of privileges', account.roleIds.user, [], names);
    const before = await version(full);
    const refused = await toggleMatrixCellAction({ roleId: full, name: 'bulk.one-more', granted: true, version: before });
    expect(refused).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining(`${PRIVILEGES_MAX} custom privileges`) });
    expect(await version(full)).toBe(before);
    // Removing one is fine, and then there is room again.
    const removed = await toggleMatrixCellAction({ roleId: full, name: 'bulk.p0', granted: false, version: before });
    if (!removed.ok) throw new Error(removed.message);
    expect(await toggleMatrixCellAction({ roleId: full, name: 'bulk.one-more', granted: true, version: removed.data.column.version })).toMatchObject({ ok: true });
  });
});

describe('GET /settings/roles/matrix/export', () => {
  it('answers the matrix as CSV: a line per permission, a column per role, inherited cells naming their role', async () => {
    await actAs(owner.email);
    const formula = await create('=HYPERLINK("http://evil.example")', account.roleIds.guest);
    const response = await exportMatrix();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="permission-matrix-\d{4}-\d{2}-\d{2}\.csv"$/);
    const parsed = Papa.parse<Record<string, string>>((await response.text()).replace(/^\uFEFF/, ''), { header: true });
    const byName = new Map(parsed.data.map((row) => [row.Name, row]));
    expect(byName.get('insight.view')).toMatchObject({ Category: 'Modules', Permission: 'Open Insight', 'Zeta Sales': 'granted', 'Alpha Senior Sales': 'inherited from Zeta Sales', User: '', Owner: 'granted' });
    expect(byName.get('report.export')).toMatchObject({ Category: 'Custom privileges', 'Alpha Senior Sales': 'inherited from Zeta Sales' });
    // The formula-like role name is quoted away in the header.
    expect(parsed.meta.fields).toContain(`'=HYPERLINK("http://evil.example")`);
    expect(formula).toBeTruthy();
    expect(GRANTED).toBe(1);
  });

  it('answers 403 to a member without roles.manage', async () => {
    await actAs(plainUser.email);
    expect((await exportMatrix()).status).toBe(403);
  });
});
