import { describe, expect, it } from 'vitest';
import { AccountAccess } from '@/lib/access/account-access';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import { PERMISSION_NAMES } from '@/lib/access/catalogue';
import { beyondActor } from '@/lib/access/escalation';
import { explainPermission } from '@/lib/access/explain';
import { explanationText } from '@/lib/access/explain-text';
import { memberRoleIds, rolesThroughGroups } from '@/lib/access/member-roles';
import { AccessGraphError, holds, MAX_CHAIN_DEPTH, NO_OVERRIDES, resolveAccess, type RoleInput } from '@/lib/access/resolver';
import { compileRoles } from '@/lib/access/compile-graph';
import { SYSTEM_SPACE } from '@/lib/access/system';

const builtin = (key: keyof typeof BUILTIN_GRANTS, name: string): RoleInput => ({
  id: key,
  name,
  baseRoleId: null,
  permissions: BUILTIN_GRANTS[key],
  privileges: [],
});
const OWNER: RoleInput = { ...builtin('owner', 'Owner'), allPrivileges: true };
const ADMIN = builtin('admin', 'Admin');
const USER = builtin('user', 'User');
const GUEST = builtin('guest', 'Guest');
const SALES: RoleInput = { id: 'sales', name: 'Salesperson', baseRoleId: 'user', permissions: ['insight.view'], privileges: ['report.export'] };
const LEAD: RoleInput = { id: 'lead', name: 'Sales lead', baseRoleId: 'sales', permissions: ['crm.delete'], privileges: ['app.crm', 'users.manage'] };
const ROLES = [OWNER, ADMIN, USER, GUEST, SALES, LEAD];

const compiled = compileRoles(SYSTEM_SPACE, ROLES);
const accessOf = (roleIds: string[], overrides = NO_OVERRIDES) => resolveAccess(SYSTEM_SPACE, compiled, roleIds, overrides);

describe('the built-in roles', () => {
  const table = PERMISSION_NAMES.flatMap((permission) =>
    (['owner', 'admin', 'user', 'guest'] as const).map((role) => [role, permission, BUILTIN_GRANTS[role].includes(permission)] as const),
  );
  it.each(table)('%s × %s → %s', (role, permission, expected) => {
    expect(holds(accessOf([role]), permission)).toBe(expected);
  });

  it('give the Owner every permission, and only the Owner the owner-only ones', () => {
    for (const permission of ['users.passwords', 'mailboxes.private', 'webchat.manage']) {
      expect(holds(accessOf(['owner']), permission)).toBe(true);
      expect(holds(accessOf(['admin']), permission)).toBe(false);
    }
  });

  it('give the Admin everything a User has', () => {
    for (const permission of BUILTIN_GRANTS.user) expect(holds(accessOf(['admin']), permission)).toBe(true);
  });

  it('give a User no Insight and a Guest nothing but the profile', () => {
    expect(holds(accessOf(['user']), 'insight.view')).toBe(false);
    expect(PERMISSION_NAMES.filter((permission) => holds(accessOf(['guest']), permission))).toEqual([]);
  });
});

describe('custom roles inherit in a cascade', () => {
  it('Salesperson has everything User has, plus Insight', () => {
    const sales = accessOf(['sales']);
    for (const permission of BUILTIN_GRANTS.user) expect(holds(sales, permission)).toBe(true);
    expect(holds(sales, 'insight.view')).toBe(true);
    expect(holds(sales, 'users.manage')).toBe(false);
  });

  it('a role based on a custom role has the whole chain', () => {
    const lead = accessOf(['lead']);
    expect(holds(lead, 'insight.view')).toBe(true);
    expect(holds(lead, 'tasks.comment')).toBe(true);
    expect(holds(lead, 'crm.delete')).toBe(true);
    expect(holds(lead, 'report.export')).toBe(true);
  });

  it('a change to a role in the chain changes every role below it at once', () => {
    const account = new AccountAccess(SYSTEM_SPACE, ROLES);
    const member = { roleIds: ['lead'], overrides: NO_OVERRIDES };
    expect(holds(account.resolve(member), 'insight.view')).toBe(true);
    account.upsertRole({ ...SALES, permissions: [] });
    expect(holds(account.resolve(member), 'insight.view')).toBe(false);
    expect(holds(account.resolve(member), 'crm.view')).toBe(true);
    account.upsertRole({ ...USER, permissions: [] });
    expect(holds(account.resolve(member), 'crm.view')).toBe(false);
  });

  it('never reuses a member’s memo from another graph of the same account (a reload after a change)', () => {
    const member = { roleIds: ['sales'], overrides: NO_OVERRIDES };
    const before = new AccountAccess(SYSTEM_SPACE, ROLES);
    expect(holds(before.resolve(member), 'insight.view')).toBe(true);
    // Another process changed Salesperson; this one dropped the account and reloaded it: a new graph.
    const reloaded = new AccountAccess(SYSTEM_SPACE, ROLES.map((role) => (role.id === 'sales' ? { ...SALES, permissions: [] } : role)));
    expect(holds(reloaded.resolve(member), 'insight.view')).toBe(false);
  });

  it('refuses a cycle, naming the roles, and changes nothing', () => {
    const account = new AccountAccess(SYSTEM_SPACE, ROLES);
    expect(() => account.upsertRole({ ...SALES, baseRoleId: 'lead' })).toThrow(AccessGraphError);
    try {
      account.upsertRole({ ...SALES, baseRoleId: 'lead' });
    } catch (error) {
      expect((error as AccessGraphError).code).toBe('cycle');
      expect((error as Error).message).toMatch(/Salesperson|Sales lead/);
    }
    expect(holds(account.resolve({ roleIds: ['lead'], overrides: NO_OVERRIDES }), 'insight.view')).toBe(true);
  });

  const chain = (links: number): RoleInput[] =>
    Array.from({ length: links }, (_, index) => ({
      id: `level-${index + 1}`,
      name: `Level ${index + 1}`,
      baseRoleId: index === 0 ? 'user' : `level-${index}`,
      permissions: index === links - 1 ? ['insight.view'] : [],
      privileges: [],
    }));

  it(`accepts a chain of ${MAX_CHAIN_DEPTH} links and refuses ${MAX_CHAIN_DEPTH + 1}`, () => {
    const deepest = compileRoles(SYSTEM_SPACE, [USER, ...chain(MAX_CHAIN_DEPTH)]);
    expect(holds(deepest.get(`level-${MAX_CHAIN_DEPTH}`)!, 'tasks.view')).toBe(true);
    expect(() => compileRoles(SYSTEM_SPACE, [USER, ...chain(MAX_CHAIN_DEPTH + 1)])).toThrow(/limit is 10/);
  });

  it('refuses, in place, a rebase that would push a role below it past the limit, and changes nothing', () => {
    const account = new AccountAccess(SYSTEM_SPACE, [USER, SALES, ...chain(MAX_CHAIN_DEPTH)]);
    const deepest = { roleIds: [`level-${MAX_CHAIN_DEPTH}`], overrides: NO_OVERRIDES };
    expect(holds(account.resolve(deepest), 'insight.view')).toBe(true);
    // level-1 is based on User (depth 0); rebasing it on Salesperson (depth 1) makes level-10 eleven links deep.
    expect(() => account.upsertRole({ ...chain(MAX_CHAIN_DEPTH)[0]!, baseRoleId: 'sales' })).toThrow(/limit is 10/);
    expect(account.compiled.get('level-1')!.chain).toEqual(['level-1', 'user']);
    expect(account.compiled.get(`level-${MAX_CHAIN_DEPTH}`)!.depth).toBe(MAX_CHAIN_DEPTH);
  });

  it('refuses a base role that does not exist', () => {
    expect(() => compileRoles(SYSTEM_SPACE, [{ ...SALES, baseRoleId: 'ghost' }])).toThrow(AccessGraphError);
  });
});

describe('custom privileges', () => {
  it('are inherited like permissions', () => {
    expect(holds(accessOf(['lead']), 'app.crm')).toBe(true);
    expect(holds(accessOf(['lead']), 'report.export')).toBe(true);
    expect(holds(accessOf(['sales']), 'app.crm')).toBe(false);
  });

  it('never grant a system permission of the same name: the system permission wins', () => {
    expect(holds(accessOf(['lead']), 'users.manage')).toBe(false);
  });
});

describe('the Owner holds everything', () => {
  it('every custom privilege too, present and future, so an Owner can hand any of them out', () => {
    expect(holds(accessOf(['owner']), 'custom.anything')).toBe(true);
    expect(holds(accessOf(['admin']), 'custom.anything')).toBe(false);
    expect(beyondActor(accessOf(['owner']), ['report.export', 'brand.new'])).toEqual([]);
  });

  it('except what an override denies', () => {
    const access = accessOf(['owner'], { ...NO_OVERRIDES, denies: ['report.export', 'crm.view'] });
    expect(holds(access, 'report.export')).toBe(false);
    expect(holds(access, 'crm.view')).toBe(false);
    expect(holds(access, 'app.crm')).toBe(true);
  });
});

describe('per-user overrides', () => {
  it('grant a single permission on top of the roles', () => {
    expect(holds(accessOf(['user'], { ...NO_OVERRIDES, grants: ['reports.view'] }), 'reports.view')).toBe(true);
  });

  it('deny a single permission, and deny wins over a grant and over every role', () => {
    const access = accessOf(['admin', 'sales'], { grants: ['crm.edit'], denies: ['crm.edit', 'report.export'], hiddenModules: [] });
    expect(holds(access, 'crm.edit')).toBe(false);
    expect(holds(access, 'report.export')).toBe(false);
    expect(holds(access, 'crm.view')).toBe(true);
  });

  it('hide a module: its view and its operations are blocked', () => {
    const access = accessOf(['user'], { ...NO_OVERRIDES, hiddenModules: ['crm'] });
    for (const permission of ['crm.view', 'crm.create', 'crm.edit']) expect(holds(access, permission)).toBe(false);
    expect(holds(access, 'mail.view')).toBe(true);
  });

  it('several roles give the union of their chains', () => {
    const access = accessOf(['guest', 'sales']);
    expect(holds(access, 'insight.view')).toBe(true);
    expect(holds(access, 'report.export')).toBe(true);
  });
});

describe('sharing', () => {
  it('members with one role and no overrides share the compiled role itself', () => {
    expect(accessOf(['sales'])).toBe(accessOf(['sales']));
    expect(accessOf(['sales'])).toBe(compiled.get('sales'));
  });
});

describe('no escalation', () => {
  it('names what an actor would hand out beyond their own access', () => {
    expect(beyondActor(accessOf(['admin']), ['users.manage', 'users.passwords', 'webchat.manage', 'report.export'])).toEqual([
      'report.export',
      'users.passwords',
      'webchat.manage',
    ]);
    expect(beyondActor(accessOf(['owner']), PERMISSION_NAMES)).toEqual([]);
  });
});

describe('explaining a decision', () => {
  const explain = (roleIds: string[], name: string, overrides = NO_OVERRIDES) =>
    explainPermission(SYSTEM_SPACE, new Map(ROLES.map((role) => [role.id, role])), compiled, roleIds, overrides, name);

  it('shows the path down the chain to the role that grants it', () => {
    expect(explain(['lead'], 'tasks.view')).toEqual({
      granted: true,
      source: 'role',
      kind: 'permission',
      path: [
        { id: 'lead', name: 'Sales lead' },
        { id: 'sales', name: 'Salesperson' },
        { id: 'user', name: 'User' },
      ],
    });
    expect(explain(['lead'], 'report.export')).toMatchObject({ kind: 'privilege', path: [{ name: 'Sales lead' }, { name: 'Salesperson' }] });
  });

  it('names the override that decided it', () => {
    expect(explain(['user'], 'crm.view', { ...NO_OVERRIDES, denies: ['crm.view'] })).toEqual({ granted: false, source: 'deny-override' });
    expect(explain(['user'], 'crm.edit', { ...NO_OVERRIDES, hiddenModules: ['crm'] })).toEqual({ granted: false, source: 'hidden-module', module: 'crm' });
    expect(explain(['user'], 'reports.view', { ...NO_OVERRIDES, grants: ['reports.view'] })).toEqual({ granted: true, source: 'override' });
  });

  it('says when a custom privilege is shadowed by the system permission', () => {
    expect(explain(['lead'], 'users.manage')).toEqual({ granted: false, source: 'none', shadowedPrivilegeIn: { id: 'lead', name: 'Sales lead' } });
  });

  const SALES_GROUP = { id: 'g-sales', name: 'Sales', roleIds: ['sales'] };
  const explainWithGroups = (direct: string[], groups: { id: string; name: string; roleIds: string[] }[], name: string) =>
    explainPermission(
      SYSTEM_SPACE,
      new Map(ROLES.map((role) => [role.id, role])),
      compiled,
      memberRoleIds(direct, groups.flatMap((group) => group.roleIds)),
      NO_OVERRIDES,
      name,
      rolesThroughGroups(direct, groups),
    );

  it('names the group a role comes through: “Sales (group) → Salesperson ← User”', () => {
    const explanation = explainWithGroups(['guest'], [SALES_GROUP], 'tasks.view');
    expect(explanation).toEqual({
      granted: true,
      source: 'role',
      kind: 'permission',
      path: [
        { id: 'sales', name: 'Salesperson' },
        { id: 'user', name: 'User' },
      ],
      group: { id: 'g-sales', name: 'Sales' },
    });
    expect(explanationText(explanation)).toBe('Granted by Sales (group) → Salesperson ← User');
  });

  it('keeps the direct wording for a role held directly, even when a group gives it too', () => {
    const explanation = explainWithGroups(['sales'], [SALES_GROUP], 'tasks.view');
    expect(explanation).not.toHaveProperty('group');
    expect(explanationText(explanation)).toBe('Granted by Salesperson ← User');
  });

  it('prefers a direct role to a group’s on equally short paths, and the shorter path either way', () => {
    // User directly and Salesperson through the group both reach tasks.view; User directly is shorter.
    expect(explainWithGroups(['user'], [SALES_GROUP], 'tasks.view')).toMatchObject({ path: [{ id: 'user' }] });
    expect(explainWithGroups(['user'], [SALES_GROUP], 'tasks.view')).not.toHaveProperty('group');
    // Only the group's role grants insight.view.
    expect(explainWithGroups(['user'], [SALES_GROUP], 'insight.view')).toMatchObject({ path: [{ id: 'sales' }], group: { name: 'Sales' } });
  });
});

describe('a member’s roles: direct ∪ groups', () => {
  it('each once, in one order, whichever way they came', () => {
    expect(memberRoleIds(['b', 'a'], ['c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(memberRoleIds(['c'], ['b', 'a', 'b'])).toEqual(memberRoleIds(['a', 'b', 'c']));
    expect(memberRoleIds([], [])).toEqual([]);
  });

  it('names the group for roles held only through groups, the first group by name', () => {
    const through = rolesThroughGroups(['a'], [
      { id: 'g2', name: 'Zeta', roleIds: ['a', 'b', 'c'] },
      { id: 'g1', name: 'Alpha', roleIds: ['c'] },
    ]);
    expect([...through]).toEqual([
      ['c', { id: 'g1', name: 'Alpha' }],
      ['b', { id: 'g2', name: 'Zeta' }],
    ]);
  });
});
