import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderColumns } from '@/lib/dal/roles/get-role-matrix';
import { PRIVILEGE_MAX_LENGTH } from '@/lib/validation/access';
import { matrixColumnsSchema, matrixGrantName, toggleMatrixCellSchema } from '@/lib/validation/role-matrix';

interface Role {
  id: string;
  name: string;
  builtinKey: string | null;
  baseRoleId: string | null;
}

const BUILTINS: Role[] = [
  { id: 'guest', name: 'Guest', builtinKey: 'guest', baseRoleId: null },
  { id: 'user', name: 'User', builtinKey: 'user', baseRoleId: null },
  { id: 'owner', name: 'Owner', builtinKey: 'owner', baseRoleId: null },
  { id: 'admin', name: 'Admin', builtinKey: 'admin', baseRoleId: null },
];
const custom = (name: string, baseRoleId: string): Role => ({ id: name.toLowerCase().replaceAll(' ', '-'), name, builtinKey: null, baseRoleId });
const names = (roles: readonly Role[]) => roles.map((role) => role.name);

describe('matrix columns in reading order', () => {
  it('puts the built-in roles first, by rank, whatever order they come in', () => {
    expect(names(orderColumns(BUILTINS))).toEqual(['Owner', 'Admin', 'User', 'Guest']);
  });

  it('follows the built-ins with custom roles depth-first: each base before the roles based on it, siblings by name', () => {
    const roles = [
      custom('Senior Salesperson', 'salesperson'),
      ...BUILTINS,
      custom('Salesperson', 'user'),
      custom('Visitor', 'guest'),
      custom('Office Manager', 'admin'),
      custom('Analyst', 'user'),
      custom('Lead Analyst', 'analyst'),
    ];
    expect(names(orderColumns(roles))).toEqual([
      'Owner',
      'Admin',
      'User',
      'Guest',
      'Office Manager',
      'Analyst',
      'Lead Analyst',
      'Salesperson',
      'Senior Salesperson',
      'Visitor',
    ]);
  });

  it('sorts siblings by name as people read them, not by character code', () => {
    const roles = [...BUILTINS, custom('Zulu', 'user'), custom('alpha', 'user'), custom('Mike', 'user')];
    expect(names(orderColumns(roles)).slice(4)).toEqual(['alpha', 'Mike', 'Zulu']);
  });

  it('does not change the list it is given', () => {
    const roles = [custom('Salesperson', 'user'), ...BUILTINS];
    const before = [...roles];
    orderColumns(roles);
    expect(roles).toEqual(before);
  });

  /** Random role trees under the four built-ins: each custom role is based on a role made before it. */
  const roleTree = fc
    .uniqueArray(fc.string({ unit: fc.constantFrom(...'abcdefxyz'), minLength: 1, maxLength: 5 }), { maxLength: 30 })
    .chain((customNames) =>
      fc.array(fc.nat(), { minLength: customNames.length, maxLength: customNames.length }).map((picks) => {
        const roles = [...BUILTINS];
        customNames.forEach((name, index) => roles.push({ id: randomUUID(), name, builtinKey: null, baseRoleId: roles[picks[index]! % roles.length]!.id }));
        return roles;
      }),
    );

  it('gives the same columns whatever order the roles come in', () => {
    fc.assert(
      fc.property(
        roleTree.chain((roles) => fc.tuple(fc.constant(roles), fc.shuffledSubarray(roles, { minLength: roles.length, maxLength: roles.length }))),
        ([roles, shuffled]) => {
          expect(orderColumns(shuffled)).toEqual(orderColumns(roles));
        },
      ),
    );
  });

  it('lists every role once, each base before its roles, every subtree in one block, siblings by name', () => {
    fc.assert(
      fc.property(roleTree, (roles) => {
        const ordered = orderColumns(roles);
        expect([...ordered].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...roles].sort((a, b) => a.id.localeCompare(b.id)));
        expect(names(ordered.slice(0, 4))).toEqual(['Owner', 'Admin', 'User', 'Guest']);

        const position = new Map(ordered.map((role, index) => [role.id, index]));
        const childrenOf = (id: string) => ordered.filter((role) => role.baseRoleId === id);
        const subtree = (id: string): string[] => childrenOf(id).flatMap((child) => [child.id, ...subtree(child.id)]);
        for (const role of ordered) {
          const children = childrenOf(role.id);
          expect(names(children)).toEqual(names(children).sort((a, b) => a.localeCompare(b)));
          const below = subtree(role.id).map((id) => position.get(id)!);
          if (below.length === 0) continue;
          // Descendants sit after the role, side by side (a custom role's block starts right after it).
          expect(Math.min(...below)).toBeGreaterThan(position.get(role.id)!);
          expect(Math.max(...below) - Math.min(...below) + 1).toBe(below.length);
          if (!role.builtinKey) expect(Math.min(...below)).toBe(position.get(role.id)! + 1);
        }
        // The built-ins' blocks come in rank order.
        const blockStarts = ['owner', 'admin', 'user', 'guest'].map((id) => subtree(id).map((child) => position.get(child)!)).filter((block) => block.length > 0).map((block) => Math.min(...block));
        expect(blockStarts).toEqual([...blockStarts].sort((a, b) => a - b));
      }),
    );
  });
});

describe('matrix cell validation', () => {
  const roleId = randomUUID();

  it.each(['roles.manage', 'tasks.view', 'report.export', 'app.crm', 'a-b_c.d9'])('takes %j as a row name', (name) => {
    expect(matrixGrantName.safeParse(name).success).toBe(true);
  });

  it.each(['Report.Export', 'report..export', '.report', 'report export', '', 'x'.repeat(PRIVILEGE_MAX_LENGTH + 1)])('refuses %j as a row name', (name) => {
    expect(matrixGrantName.safeParse(name).error?.issues[0]?.message).toBe('That is not a permission or privilege name.');
  });

  it('takes one click: a role, a name, grant or remove, the version the viewer saw', () => {
    expect(toggleMatrixCellSchema.parse({ roleId, name: 'report.export', granted: false, version: 3 })).toEqual({ roleId, name: 'report.export', granted: false, version: 3 });
  });

  it.each([
    ['a role id that is not a uuid', { roleId: 'role-1' }],
    ['no version', { version: undefined }],
    ['version 0', { version: 0 }],
    ['a fractional version', { version: 1.5 }],
    ['a granted flag as text', { granted: 'true' }],
  ])('refuses a click with %s', (_label, override) => {
    expect(toggleMatrixCellSchema.safeParse({ roleId, name: 'tasks.view', granted: true, version: 1, ...override }).success).toBe(false);
  });

  it('asks for the columns of 1 to 100 roles by id', () => {
    const ids = (count: number) => Array.from({ length: count }, () => randomUUID());
    expect(matrixColumnsSchema.safeParse({ roleIds: ids(1) }).success).toBe(true);
    expect(matrixColumnsSchema.safeParse({ roleIds: ids(100) }).success).toBe(true);
    expect(matrixColumnsSchema.safeParse({ roleIds: [] }).success).toBe(false);
    expect(matrixColumnsSchema.safeParse({ roleIds: ids(101) }).success).toBe(false);
    expect(matrixColumnsSchema.safeParse({ roleIds: ['not-a-uuid'] }).success).toBe(false);
  });
});
