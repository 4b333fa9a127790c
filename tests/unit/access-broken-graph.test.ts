import { describe, expect, it } from 'vitest';
import { AccountAccess } from '@/lib/access/account-access';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import { AccessGraphError, holds, MAX_CHAIN_DEPTH, type RoleInput } from '@/lib/access/resolver';
import { compileRolesTolerant } from '@/lib/access/compile-graph';
import { SYSTEM_SPACE } from '@/lib/access/system';

// A stored graph written around the checks: what compiles still works, the broken part grants nothing.

const OWNER: RoleInput = { id: 'owner', name: 'Owner', baseRoleId: null, permissions: BUILTIN_GRANTS.owner, privileges: [], allPrivileges: true };
const USER: RoleInput = { id: 'user', name: 'User', baseRoleId: null, permissions: BUILTIN_GRANTS.user, privileges: [] };
const custom = (id: string, baseRoleId: string, permissions: string[] = []): RoleInput => ({ id, name: id.toUpperCase(), baseRoleId, permissions, privileges: [] });

describe('compiling a broken graph', () => {
  it('leaves out a circle and every role based on it, and compiles the rest', () => {
    const roles = [OWNER, USER, custom('x', 'y', ['insight.view']), custom('y', 'x'), custom('below', 'x'), custom('fine', 'user', ['insight.view'])];
    const { compiled, broken } = compileRolesTolerant(SYSTEM_SPACE, roles);
    expect([...broken.keys()].sort()).toEqual(['below', 'x', 'y']);
    expect(broken.get('x')!.code).toBe('cycle');
    expect(broken.get('y')!.message).toMatch(/circle/);
    expect(broken.get('below')!.code).toBe('broken_base');
    expect([...compiled.keys()].sort()).toEqual(['fine', 'owner', 'user']);
    expect(holds(compiled.get('fine')!, 'insight.view')).toBe(true);
  });

  it('whatever order the roles come in', () => {
    const roles = [custom('below', 'x'), custom('y', 'x'), USER, custom('x', 'y'), OWNER];
    expect([...compileRolesTolerant(SYSTEM_SPACE, roles).broken.keys()].sort()).toEqual(['below', 'x', 'y']);
    expect([...compileRolesTolerant(SYSTEM_SPACE, [...roles].reverse()).broken.keys()].sort()).toEqual(['below', 'x', 'y']);
  });

  it('breaks only the roles past the depth limit, and a role whose base is missing', () => {
    const chain: RoleInput[] = [];
    for (let i = 1; i <= MAX_CHAIN_DEPTH + 2; i += 1) chain.push(custom(`r${i}`, i === 1 ? 'user' : `r${i - 1}`));
    const { compiled, broken } = compileRolesTolerant(SYSTEM_SPACE, [USER, ...chain, custom('orphan', 'gone'), custom('on-orphan', 'orphan')]);
    expect(compiled.get(`r${MAX_CHAIN_DEPTH}`)!.depth).toBe(MAX_CHAIN_DEPTH);
    expect(broken.get(`r${MAX_CHAIN_DEPTH + 1}`)!.code).toBe('too_deep');
    expect(broken.get(`r${MAX_CHAIN_DEPTH + 2}`)!.code).toBe('broken_base');
    expect(broken.get('orphan')!.code).toBe('missing_base');
    expect(broken.get('on-orphan')!.code).toBe('broken_base');
  });
});

describe("an account's compiled access over a broken graph", () => {
  const roles = [OWNER, USER, custom('x', 'y', ['insight.view']), custom('y', 'x')];

  it('answers for the Owner and grants nothing through a broken role (not even its base’s grants)', () => {
    const account = new AccountAccess(SYSTEM_SPACE, roles);
    expect([...account.broken.keys()].sort()).toEqual(['x', 'y']);
    expect(holds(account.resolve({ roleIds: ['owner'], overrides: { grants: [], denies: [], hiddenModules: [] } }), 'roles.manage')).toBe(true);
    const onX = account.resolve({ roleIds: ['x'], overrides: { grants: [], denies: [], hiddenModules: [] } });
    expect(holds(onX, 'insight.view')).toBe(false);
    expect(holds(onX, 'dashboard.view')).toBe(false);
    const onXAndUser = account.resolve({ roleIds: ['x', 'user'], overrides: { grants: [], denies: [], hiddenModules: [] } });
    expect(holds(onXAndUser, 'dashboard.view')).toBe(true);
  });

  it('is not patched in place (its links loop): a change asks for a reload, promptly', () => {
    const account = new AccountAccess(SYSTEM_SPACE, roles);
    expect(() => account.upsertRole(custom('x', 'user'))).toThrow(AccessGraphError);
    expect(() => account.upsertRole(custom('new', 'user'))).toThrow(AccessGraphError);
  });
});
