import { AccountAccess, type MemberAccess, type MemberView } from '@/lib/access/account-access';
import { AccessCache } from '@/lib/access/cache';
import { holds, NO_OVERRIDES, type OverrideInput, type RoleInput } from '@/lib/access/resolver';
import { type PermissionSpace } from '@/lib/access/permission-space';
import { median, retainedBytes, sampleLatency } from './measure';
import type { CheckSequence, RoleToggle, Scenario, ScenarioUser } from './scenario';

export const ACCOUNT_ID = 'account';

/**
 * A copy of a string as a database driver hands one over: a new flat string whose hash is not computed yet.
 * Below 13 characters V8 copies on concatenation and slicing (no cons or sliced string), which allocates far
 * less than going through a Buffer, so the copying adds less garbage collection to the timed samples.
 */
const fresh = (text: string) => (text.length < 13 ? ` ${text}`.slice(1) : Buffer.from(text, 'latin1').toString('latin1'));
const same = (text: string) => text;

/** Per scenario and space: each role's permissions as the space's bits, and where its base sits in the list. */
const layouts = new WeakMap<Scenario, { space: PermissionSpace; bits: readonly (readonly number[])[]; basePositions: readonly (number | null)[] }>();

function layoutOf(space: PermissionSpace, scenario: Scenario) {
  let layout = layouts.get(scenario);
  if (layout?.space !== space) {
    const position = new Map(scenario.roles.map((role, i) => [role.id, i]));
    layout = {
      space,
      bits: scenario.roles.map((role) => role.permissions.map((name) => space.index.get(name) ?? -1)),
      basePositions: scenario.roles.map((role) => (role.baseRoleId === null ? null : position.get(role.baseRoleId)!)),
    };
    layouts.set(scenario, layout);
  }
  return layout;
}

/**
 * The account's roles as lib/dal/access/load-access.ts hands them to the cache: new objects and arrays on
 * every load. With `freshStrings`, every string the database returns is a new string (ids, names, custom
 * roles' grants), and the roots' grants are copied from constants, as the built-in roles' are. As the
 * database numbers them there: each permission's bit (the roots' copied from constants too, as the built-in
 * roles' are) and the base role's place in the list.
 */
export function loadRoles(space: PermissionSpace, scenario: Scenario, freshStrings: boolean): RoleInput[] {
  const text = freshStrings ? fresh : same;
  const { bits, basePositions } = layoutOf(space, scenario);
  return scenario.roles.map((role, i) => {
    const builtin = role.baseRoleId === null;
    const permissions = builtin ? [...role.permissions] : role.permissions.map(text);
    return {
      id: text(role.id),
      name: text(role.name),
      baseRoleId: role.baseRoleId === null ? null : text(role.baseRoleId),
      basePosition: basePositions[i]!,
      permissions,
      permissionBits: { space, of: permissions, bits: [...bits[i]!] },
      privileges: builtin ? [...role.privileges] : role.privileges.map(text),
    };
  });
}

/** A member as lib/dal/access/load-access.ts loads it: its own arrays, and empty override lists when it has none. */
export function loadMember(user: ScenarioUser, freshStrings = false): MemberView {
  const text = freshStrings ? fresh : same;
  const { grants, denies, hiddenModules } = user.overrides;
  const overrides: OverrideInput = { grants: grants.map(text), denies: denies.map(text), hiddenModules: hiddenModules.map(text) };
  return { roleIds: user.roleIds.map(text), overrides, ...(user.licenceIds ? { licenceIds: user.licenceIds.map(text) } : {}) };
}

/**
 * A process's access cache over the scenario's one account, as lib/access/process-cache.ts builds it, its
 * loaders reading the scenario (and `extra` members) as the database would answer.
 */
export function scenarioCache(space: PermissionSpace, scenario: Scenario, extra: readonly ScenarioUser[] = []): AccessCache {
  return new AccessCache(
    space,
    {
      loadRoles: async () => loadRoles(space, scenario, true),
      loadMember: async (userId) => loadMember(extra.find((user) => user.id === userId) ?? scenario.user(userId), true),
      loadLicences: async () => scenario.licences.map((licence) => ({ ...licence, permissions: [...licence.permissions] })),
    },
    Number.POSITIVE_INFINITY,
  );
}

/** A cache holding the account and every one of these users, as after their first requests. */
export async function warmCache(space: PermissionSpace, scenario: Scenario, users: readonly ScenarioUser[], extra: readonly ScenarioUser[] = []): Promise<AccessCache> {
  const cache = scenarioCache(space, scenario, extra);
  for (const user of users) await cache.getAccess(ACCOUNT_ID, user.id);
  return cache;
}

/**
 * The heap a cache holding the account and these members keeps, per member: the median of five builds.
 * Throwaway caches are built first, so the code that builds one (its optimised form, compiled meanwhile)
 * is not counted as the members' memory.
 */
export async function cacheBytesPerMember(space: PermissionSpace, scenario: Scenario, users: readonly ScenarioUser[]): Promise<number | null> {
  const warmUp = async () => void (await warmCache(space, scenario, users));
  for (let i = 0; i < 2; i += 1) await warmUp();
  const builds: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const { bytes } = await retainedBytes(() => warmCache(space, scenario, users));
    if (bytes === null) return null;
    builds.push(bytes / users.length);
  }
  return median(builds);
}

/** One account's compiled roles and, per member, what the cache keeps: the access it shares. */
export interface RolecallState {
  account: AccountAccess;
  members: Map<string, MemberAccess>;
}

/**
 * Compiles the account and resolves every member once, so the state is warm. With `slotEach`, every member
 * also names a role of their own that does not exist (which grants nothing): the same answers, but no two
 * members share a compiled object — the control that tells the cost of many distinct objects apart from
 * the cost of groups.
 */
export function buildRolecall(space: PermissionSpace, scenario: Scenario, slotEach = false): RolecallState {
  const account = new AccountAccess(space, loadRoles(space, scenario, false), scenario.licences, 0);
  const members = new Map<string, MemberAccess>();
  for (const user of scenario.users) {
    const member = loadMember(user);
    members.set(user.id, account.accessOf(slotEach ? { ...member, roleIds: [...member.roleIds, `no-such-role:${user.id}`] } : member));
  }
  return { account, members };
}

/**
 * A check as the app's code makes it: a system permission by its bit, resolved once where the check is
 * written (the catalogue's `permissionBit`, kept in a constant or a table built at module load, as the gate's
 * route table does); a custom privilege (or any other name) by name, since accounts make those up.
 */
export type ResolvedName = number | string;

export function resolveName(space: PermissionSpace, name: string): ResolvedName {
  return space.index.get(name) ?? name;
}

/** The sequence with each name as the app's code holds it (resolved before the clock starts, as at module load). */
export interface ResolvedSequence {
  users: readonly string[];
  names: readonly ResolvedName[];
}

export function resolvedSequence(space: PermissionSpace, sequence: CheckSequence): ResolvedSequence {
  return { users: sequence.users, names: sequence.names.map((name) => resolveName(space, name)) };
}

/** What a request does with a warm cache: find the member, check its access is current, test one bit. */
export function rolecallCheck(state: RolecallState, userId: string, name: string): boolean {
  return holds(state.account.accessOf(state.members.get(userId)!), resolveName(state.account.space, name));
}

export function rolecallLoop(state: RolecallState, sequence: ResolvedSequence, iterations: number): number {
  const { account, members } = state;
  const { users, names } = sequence;
  const length = users.length;
  let yes = 0;
  for (let i = 0, at = 0; i < iterations; i += 1, at = at + 1 === length ? 0 : at + 1) {
    if (holds(account.accessOf(members.get(users[at]!)!), names[at]!)) yes += 1;
  }
  return yes;
}

/**
 * The ceiling: the same loop over the same sequence finding the same member, with a checker that does no
 * access work at all. The resolver's throughput over this one is the share of the loop it leaves to the rest.
 */
export function noopLoop(state: RolecallState, sequence: ResolvedSequence, iterations: number): number {
  const { members } = state;
  const { users, names } = sequence;
  const length = users.length;
  let yes = 0;
  for (let i = 0, at = 0; i < iterations; i += 1, at = at + 1 === length ? 0 : at + 1) {
    if (members.get(users[at]!) !== undefined && names[at] !== undefined) yes += 1;
  }
  return yes;
}

/**
 * The app's cold path: AccessCache has no entry for the account, its loaders hand over the account's roles
 * (all of them: 50, chains up to 10 links) and the member; the account is compiled (every role linked and
 * checked, the roles compiled as members need them) and the member's first check answered. Each sample
 * gets its own freshly loaded roles and member, prepared untimed. `allRoles` also compiles every role, as a
 * roles page or an explanation does.
 */
export async function measureColdAccount(space: PermissionSpace, scenario: Scenario, samples: number, targetUs: number, options: { freshStrings: boolean; allRoles: boolean }) {
  const user = scenario.user(scenario.deepUserId);
  // Held as the app's gate holds its route's permission: by its bit.
  const permission = resolveName(space, scenario.chainOf(scenario.deepRoleId).at(-1)!.permissions[0]!);
  const prepare = () => ({ roles: loadRoles(space, scenario, options.freshStrings), member: loadMember(user, options.freshStrings) });
  return sampleLatency(
    samples,
    2_000,
    targetUs,
    (_i, { roles, member }) => {
      const account = new AccountAccess(space, roles);
      if (account.broken.size > 0) throw new Error('The scenario’s roles do not compile.');
      if (options.allRoles && account.compiled.size !== roles.length) throw new Error('Not every role compiled.');
      if (!holds(account.accessOf(member), permission)) throw new Error('The cold check answered wrongly.');
    },
    prepare,
  );
}

/**
 * A change made in this process, through the cache as the app applies it (AccessCache.applyRole, after the
 * commit), then the next check of a member below the changed role (AccessCache.getWarmAccess, what
 * getAccess answers from when warm, and one bit). The cache holds the account and all members, warm. The
 * role nearest the root gains and loses a permission, over and over, after a fixed 500 untimed changes.
 */
export async function measureChangeToCheck(space: PermissionSpace, scenario: Scenario, toggle: RoleToggle, samples: number, targetUs: number) {
  const { states, permission, userId } = toggle;
  const run = async (member: ScenarioUser) => {
    const cache = await warmCache(space, scenario, [...scenario.users, member], [member]);
    return (i: number) => {
      cache.applyRole(ACCOUNT_ID, states[i % 2]!);
      if (holds(cache.getWarmAccess(ACCOUNT_ID, member.id)!.access, permission) !== (i % 2 === 0)) {
        throw new Error(`Change ${i}: the check after applyRole did not see the change.`);
      }
    };
  };
  const plain = await sampleLatency(samples, 500, targetUs, await run(scenario.user(userId)));
  // A member with overrides reads a slot of its own kind, brought up to date on its first use after the change.
  const deny = scenario.privileges[0]!;
  const withOverrides = await sampleLatency(samples, 500, targetUs, await run({ id: 'user:overrides', roleIds: [toggle.checkedRoleId], overrides: { ...NO_OVERRIDES, denies: [deny] } }));
  return { plain, withOverrides };
}
