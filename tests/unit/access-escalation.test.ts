import { describe, expect, it } from 'vitest';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import { assertKeepsAnActiveOwner, beyondActor, isOwner, mayAssign, mayChangeMembership, mayHandOut, removesActiveOwner } from '@/lib/access/escalation';
import { compileRoles } from '@/lib/access/compile-graph';
import { NO_OVERRIDES, resolveAccess, type RoleInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';

const builtin = (key: keyof typeof BUILTIN_GRANTS): RoleInput => ({ id: key, name: key, baseRoleId: null, permissions: BUILTIN_GRANTS[key], privileges: [], ...(key === 'owner' ? { allPrivileges: true } : {}) });
const SALES: RoleInput = { id: 'sales', name: 'Salesperson', baseRoleId: 'user', permissions: ['insight.view'], privileges: ['report.export'] };
const compiled = compileRoles(SYSTEM_SPACE, [builtin('owner'), builtin('admin'), builtin('user'), builtin('guest'), SALES]);
const role = (id: string) => compiled.get(id)!;

describe('nobody hands out more than they hold', () => {
  it('an Owner may assign every role; an Admin every role but Owner and one with a privilege they lack', () => {
    for (const id of compiled.keys()) expect(mayAssign(role('owner'), role(id))).toBe(true);
    expect(['admin', 'user', 'guest'].map((id) => mayAssign(role('admin'), role(id)))).toEqual([true, true, true]);
    expect(mayAssign(role('admin'), role('owner'))).toBe(false);
    expect(mayAssign(role('admin'), role('sales'))).toBe(false);
    expect(beyondActor(role('admin'), ['insight.view', 'report.export', 'users.manage'])).toEqual(['report.export']);
  });

  it('an Owner denied a permission may no longer hand it out', () => {
    const deniedOwner = resolveAccess(SYSTEM_SPACE, compiled, ['owner'], { ...NO_OVERRIDES, denies: ['users.manage'] });
    expect(mayHandOut(deniedOwner, ['users.manage'])).toBe(false);
    expect(mayAssign(deniedOwner, role('admin'))).toBe(false);
    expect(mayHandOut(deniedOwner, [])).toBe(true);
  });
});

describe('the Owner rules', () => {
  it('only an Owner changes an Owner’s membership', () => {
    expect(mayChangeMembership(false, true)).toBe(false);
    expect(mayChangeMembership(true, true)).toBe(true);
    expect(mayChangeMembership(false, false)).toBe(true);
    expect(isOwner({ roles: [{ builtinKey: 'admin' }, { builtinKey: 'owner' }] })).toBe(true);
    expect(isOwner({ roles: [{ builtinKey: null }] })).toBe(false);
  });

  it('a change takes an active Owner away when it removes the Owner role or the membership’s activity', () => {
    const owner = { owner: true, active: true };
    expect(removesActiveOwner(owner, { owner: false, active: true })).toBe(true);
    expect(removesActiveOwner(owner, { owner: true, active: false })).toBe(true);
    expect(removesActiveOwner(owner, owner)).toBe(false);
    expect(removesActiveOwner({ owner: true, active: false }, { owner: false, active: false })).toBe(false);
    expect(removesActiveOwner({ owner: false, active: true }, { owner: false, active: false })).toBe(false);
  });

  it('the account keeps an active Owner', () => {
    expect(() => assertKeepsAnActiveOwner(0)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => assertKeepsAnActiveOwner(1)).not.toThrow();
  });
});
