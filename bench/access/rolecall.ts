import { AccountAccess, type MemberInput } from '@/lib/access/account-access';
import { compileRoles } from '@/lib/access/compile-graph';
import { holds, NO_OVERRIDES, resolveAccess, type OverrideInput } from '@/lib/access/resolver';
import { type PermissionSpace } from '@/lib/access/permission-space';
import { sampleLatency } from './measure';
import type { CheckSequence, RoleToggle, Scenario, ScenarioUser } from './scenario';

/** One account's compiled roles and its members, as a warm cache holds them. */
export interface RolecallState {
  access: AccountAccess;
  members: Map<string, MemberInput>;
}

/** A member as the data layer would load it: its own arrays, and the shared empty overrides when it has none. */
export function loadMember(user: ScenarioUser): MemberInput {
  const { grants, denies, hiddenModules } = user.overrides;
  const overrides: OverrideInput =
    grants.length + denies.length + hiddenModules.length === 0 ? NO_OVERRIDES : { grants: [...grants], denies: [...denies], hiddenModules: [...hiddenModules] };
  return { roleIds: [...user.roleIds], overrides };
}

/** Compiles the account and resolves every member once, so the cache is warm. */
export function buildRolecall(space: PermissionSpace, scenario: Scenario): RolecallState {
  const access = new AccountAccess(space, scenario.roles);
  const members = new Map<string, MemberInput>();
  for (const user of scenario.users) {
    const member = loadMember(user);
    access.resolve(member);
    members.set(user.id, member);
  }
  return { access, members };
}

/** What a request does with a warm cache: find the member, resolve, test one bit. */
export function rolecallCheck(state: RolecallState, userId: string, name: string): boolean {
  return holds(state.access.resolve(state.members.get(userId)!), name);
}

export function rolecallLoop(state: RolecallState, sequence: CheckSequence, iterations: number): number {
  const { access, members } = state;
  const { users, names } = sequence;
  const length = users.length;
  let yes = 0;
  for (let i = 0, at = 0; i < iterations; i += 1, at = at + 1 === length ? 0 : at + 1) {
    if (holds(access.resolve(members.get(users[at]!)!), names[at]!)) yes += 1;
  }
  return yes;
}

/**
 * Cold: nothing of the chain is compiled yet. The account is created over the depth-10 chain's roles (as
 * loaded) and a freshly loaded member is resolved from it. `compileOnly` times the resolver alone.
 */
export async function measureColdResolve(space: PermissionSpace, scenario: Scenario, samples: number, targetUs: number) {
  const chain = scenario.chainOf(scenario.deepRoleId);
  const leafId = chain[0]!.id;
  let sink = 0;
  const viaAccount = await sampleLatency(samples, 2_000, targetUs, () => {
    const member: MemberInput = { roleIds: [leafId], overrides: NO_OVERRIDES };
    sink ^= new AccountAccess(space, chain).resolve(member).bits[0]!;
  });
  const compileOnly = await sampleLatency(samples, 2_000, targetUs, () => {
    const compiled = compileRoles(space, chain);
    sink ^= resolveAccess(space, compiled, [leafId], NO_OVERRIDES).bits[0]!;
  });
  return { chainLinks: chain.length - 1, viaAccount, compileOnly, sink };
}

/**
 * A mid-chain role gains and loses a permission, over and over; right after each change a member of the
 * depth-10 role below it is checked for that permission and must see the change.
 */
export async function measureChangeToCheck(space: PermissionSpace, scenario: Scenario, toggle: RoleToggle, samples: number, targetUs: number) {
  const { states, permission, checkedRoleId } = toggle;
  const run = (member: MemberInput) => {
    const access = new AccountAccess(space, scenario.roles);
    access.resolve(member);
    return (i: number) => {
      access.upsertRole(states[i % 2]!);
      if (holds(access.resolve(member), permission) !== (i % 2 === 0)) {
        throw new Error(`Change ${i}: the check after upsertRole did not see the change.`);
      }
    };
  };
  const plain = await sampleLatency(samples, 500, targetUs, run({ roleIds: [checkedRoleId], overrides: NO_OVERRIDES }));
  // A member with overrides keeps a memo of its own access, which the change must invalidate.
  const deny = scenario.privileges[0]!;
  const withOverrides = await sampleLatency(samples, 500, targetUs, run({ roleIds: [checkedRoleId], overrides: { grants: [], denies: [deny], hiddenModules: [] } }));
  return { plain, withOverrides };
}
