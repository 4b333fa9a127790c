import { describe, expect, it } from 'vitest';
import { AccessCache } from '@/lib/access/cache';
import { LoadQueue } from '@/lib/access/load-queue';
import { PermissionSpace } from '@/lib/access/permission-space';
import { holds, NO_OVERRIDES, type OverrideInput, type RoleInput } from '@/lib/access/resolver';

// The process's cache: entries expire after the TTL (each member after its own load), a dropped entry's
// old load never drops the reload that follows it, and members share compiled access across reloads.

const SPACE = new PermissionSpace([{ name: 'crm.view', module: 'crm' }, { name: 'crm.edit', module: 'crm' }, { name: 'mail.view' }]);
const USER: RoleInput = { id: 'user', name: 'User', baseRoleId: null, permissions: ['mail.view'], privileges: [] };
const SALES: RoleInput = { id: 'sales', name: 'Sales', baseRoleId: 'user', permissions: ['crm.view'], privileges: ['report.export'] };

function setUp(ttlMs = 1_000) {
  let now = 1_700_000_000_000;
  let roles: RoleInput[] = [USER, SALES];
  const membersById = new Map<string, { roleIds: string[]; overrides: OverrideInput }>([
    ['alice', { roleIds: ['sales'], overrides: NO_OVERRIDES }],
    ['bob', { roleIds: ['sales'], overrides: NO_OVERRIDES }],
    ['carol', { roleIds: ['user', 'sales'], overrides: { grants: [], denies: ['crm.view'], hiddenModules: [] } }],
  ]);
  const loads = { roles: 0, members: [] as string[] };
  const cache = new AccessCache(
    SPACE,
    {
      loadRoles: async () => {
        loads.roles += 1;
        return roles.map((role) => ({ ...role }));
      },
      loadMember: async (id) => {
        loads.members.push(id);
        const member = membersById.get(id)!;
        return { roleIds: [...member.roleIds], overrides: member.overrides };
      },
    },
    ttlMs,
    () => now,
  );
  return {
    cache,
    loads,
    membersById,
    tick: (ms: number) => (now += ms),
    setRoles: (next: RoleInput[]) => (roles = next),
    check: async (id: string, name: string) => holds((await cache.getAccess('account', id)).access, name),
  };
}

describe('the access cache', () => {
  it('keeps a member until the TTL has passed since that member loaded, then loads it again', async () => {
    const { cache, loads, tick } = setUp(1_000);
    await cache.getAccess('account', 'alice');
    tick(600);
    await cache.getAccess('account', 'bob');
    tick(399);
    await cache.getAccess('account', 'alice');
    await cache.getAccess('account', 'bob');
    expect(loads.members).toEqual(['alice', 'bob']);
    tick(1);
    expect(cache.getWarmAccess('account', 'alice')).toBeUndefined();
    await cache.getAccess('account', 'alice');
    await cache.getAccess('account', 'bob');
    expect(loads.members).toEqual(['alice', 'bob', 'alice']);
    tick(600);
    await cache.getAccess('account', 'bob');
    expect(loads.members).toEqual(['alice', 'bob', 'alice', 'bob']);
  });

  it('never lets an invalidated load expire the member’s next load early', async () => {
    const { cache, loads, tick } = setUp(1_000);
    await cache.getAccess('account', 'alice');
    tick(500);
    cache.invalidateMember('alice');
    await cache.getAccess('account', 'alice');
    // The first load's time has come; the reload's has not.
    tick(600);
    await cache.getAccess('account', 'alice');
    expect(loads.members).toEqual(['alice', 'alice']);
    tick(400);
    await cache.getAccess('account', 'alice');
    expect(loads.members).toEqual(['alice', 'alice', 'alice']);
  });

  it('loads each member and account once however many ask at once', async () => {
    const { cache, loads } = setUp();
    await Promise.all([cache.getAccess('account', 'alice'), cache.getAccess('account', 'alice'), cache.getAccess('account', 'bob')]);
    expect(loads.roles).toBe(1);
    expect(loads.members).toEqual(['alice', 'bob']);
  });

  it('answers warm only when the account and the member are both loaded and fresh', async () => {
    const { cache, tick } = setUp(1_000);
    expect(cache.getWarmAccess('account', 'alice')).toBeUndefined();
    await cache.getAccess('account', 'alice');
    expect(holds(cache.getWarmAccess('account', 'alice')!.access, 'crm.view')).toBe(true);
    expect(cache.getWarmAccess('account', 'bob')).toBeUndefined();
    tick(1_000);
    expect(cache.getWarmAccess('account', 'alice')).toBeUndefined();
  });

  it('gives members of the same roles one shared access, and keeps each member’s roles and overrides', async () => {
    const { cache } = setUp();
    const alice = await cache.getAccess('account', 'alice');
    const bob = await cache.getAccess('account', 'bob');
    expect(alice.access).toBe(bob.access);
    expect(alice.access).toBe(alice.account.compiled.get('sales'));
    const carol = await cache.getAccess('account', 'carol');
    expect({ roleIds: carol.member.roleIds, overrides: carol.member.overrides }).toEqual({ roleIds: ['user', 'sales'], overrides: { grants: [], denies: ['crm.view'], hiddenModules: [] } });
    expect(holds(carol.access, 'crm.view')).toBe(false);
    expect(holds(carol.access, 'report.export')).toBe(true);
  });

  it('applies a role change in place: the next check of every member sees it', async () => {
    const { cache, check } = setUp();
    expect(await check('alice', 'crm.edit')).toBe(false);
    expect(await check('carol', 'crm.edit')).toBe(false);
    cache.applyRole('account', { ...SALES, permissions: ['crm.view', 'crm.edit'] });
    expect(await check('alice', 'crm.edit')).toBe(true);
    expect(await check('carol', 'crm.edit')).toBe(true);
    cache.applyRole('account', { ...USER, permissions: [] });
    expect(await check('alice', 'mail.view')).toBe(false);
    expect(await check('carol', 'mail.view')).toBe(false);
  });

  it('after the account is reloaded, a member’s kept access follows the new roles without a member reload', async () => {
    const { cache, loads, setRoles, check } = setUp();
    expect(await check('carol', 'mail.view')).toBe(true);
    setRoles([{ ...USER, permissions: [] }, SALES]);
    cache.invalidateAccount('account');
    expect(await check('carol', 'mail.view')).toBe(false);
    expect(await check('alice', 'mail.view')).toBe(false);
    expect(loads.roles).toBe(2);
    expect(loads.members).toEqual(['carol', 'alice']);
  });

  it('reloads a member invalidated here, with its new roles', async () => {
    const { cache, membersById, check } = setUp();
    expect(await check('bob', 'crm.view')).toBe(true);
    membersById.set('bob', { roleIds: ['user'], overrides: NO_OVERRIDES });
    cache.invalidateMember('bob');
    expect(await check('bob', 'crm.view')).toBe(false);
    expect(await check('alice', 'crm.view')).toBe(true);
  });
});

describe('dropping every member of an account (a group change too large to name its members)', () => {
  // A second account, with role ids of its own (ids are unique across accounts, as uuids are).
  const OTHER_USER: RoleInput = { ...USER, id: 'other-user' };
  function twoAccounts(ttlMs = 1_000) {
    let now = 1_700_000_000_000;
    const membersById = new Map<string, { roleIds: string[]; overrides: OverrideInput }>([
      ['alice', { roleIds: ['sales'], overrides: NO_OVERRIDES }],
      ['carol', { roleIds: ['user', 'sales'], overrides: { grants: [], denies: ['crm.view'], hiddenModules: [] } }],
      ['nobody', { roleIds: [], overrides: NO_OVERRIDES }],
      ['dave', { roleIds: ['other-user'], overrides: NO_OVERRIDES }],
    ]);
    const loads = { roles: [] as string[], members: [] as string[] };
    const cache = new AccessCache(
      SPACE,
      {
        loadRoles: async (accountId) => {
          loads.roles.push(accountId);
          return accountId === 'other' ? [{ ...OTHER_USER }] : [{ ...USER }, { ...SALES }];
        },
        loadMember: async (id) => {
          loads.members.push(id);
          const member = membersById.get(id)!;
          return { roleIds: [...member.roleIds], overrides: member.overrides };
        },
      },
      ttlMs,
      () => now,
    );
    const accountOf = (id: string) => (id === 'dave' ? 'other' : 'account');
    return {
      cache,
      loads,
      membersById,
      tick: (ms: number) => (now += ms),
      warm: (id: string) => cache.getWarmAccess(accountOf(id), id),
      load: (id: string) => cache.getAccess(accountOf(id), id),
      check: async (id: string, name: string) => holds((await cache.getAccess(accountOf(id), id)).access, name),
    };
  }

  it('drops that account’s members only (those of no role too), keeps its roles, and reloads each on their next check', async () => {
    const { cache, loads, membersById, warm, load, check } = twoAccounts();
    for (const id of ['alice', 'carol', 'nobody', 'dave']) await load(id);
    membersById.set('alice', { roleIds: ['user'], overrides: NO_OVERRIDES });
    cache.invalidateAccountMembers('account');
    expect([warm('alice'), warm('carol'), warm('nobody')]).toEqual([undefined, undefined, undefined]);
    expect(warm('dave')).toBeDefined();
    expect(await check('alice', 'crm.view')).toBe(false);
    expect(loads.roles).toEqual(['account', 'other']);
    expect(loads.members).toEqual(['alice', 'carol', 'nobody', 'dave', 'alice']);
    cache.invalidateAccountMembers('unknown account');
    expect(warm('alice')).toBeUndefined(); // its roles are not loaded here: every member goes, to be safe
    expect(warm('dave')).toBeUndefined();
  });

  it('drops a member whose load is under way, so the stale load is not kept', async () => {
    const { cache, membersById, load, warm, check } = twoAccounts();
    await load('carol');
    const loading = load('alice');
    membersById.set('alice', { roleIds: ['user'], overrides: NO_OVERRIDES });
    cache.invalidateAccountMembers('account');
    await loading;
    expect(warm('alice')).toBeUndefined();
    expect(await check('alice', 'crm.view')).toBe(false);
  });

  it('never lets a dropped member’s old load expire its reload early', async () => {
    const { cache, loads, tick, load } = twoAccounts(1_000);
    await load('alice');
    tick(500);
    cache.invalidateAccountMembers('account');
    await load('alice');
    // The first load's time has come; the reload's has not.
    tick(600);
    await load('alice');
    expect(loads.members).toEqual(['alice', 'alice']);
    tick(400);
    await load('alice');
    expect(loads.members).toEqual(['alice', 'alice', 'alice']);
  });
});

describe('the load queue', () => {
  it('drops keys oldest first once their time has come, skipping a load that was dropped early', () => {
    const queue = new LoadQueue();
    queue.add('a', 1);
    queue.add('b', 2);
    queue.forget('a');
    queue.add('a', 3);
    const dropped: string[] = [];
    queue.expire(2, (key) => dropped.push(key));
    expect(dropped).toEqual(['b']);
    queue.expire(3, (key) => dropped.push(key));
    expect(dropped).toEqual(['b', 'a']);
  });

  it('forgets everything when cleared', () => {
    const queue = new LoadQueue();
    queue.add('a', 1);
    queue.forget('a');
    queue.clear();
    queue.add('a', 2);
    const dropped: string[] = [];
    queue.expire(5, (key) => dropped.push(key));
    expect(dropped).toEqual(['a']);
  });

  it('keeps its order over many loads', () => {
    const queue = new LoadQueue();
    for (let i = 0; i < 5_000; i += 1) queue.add(`k${i}`, i);
    const dropped: string[] = [];
    for (let at = 0; at < 5_000; at += 1_000) queue.expire(at + 999, (key) => dropped.push(key));
    expect(dropped).toHaveLength(5_000);
    expect(dropped[4_999]).toBe('k4999');
  });
});
