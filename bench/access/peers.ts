import { createMongoAbility, type MongoAbility } from '@casl/ability';
import { DefaultRoleManager, newEnforcer, newModelFromString, type Enforcer } from 'casbin';
import { MAX_CHAIN_DEPTH, type RoleInput } from '@/lib/access/resolver';
import { sampleLatency, type Latency } from './measure';
import type { CheckSequence, RoleToggle, Scenario, ScenarioUser } from './scenario';

/*
 * The peers get the same semantics as the resolver, encoded the way each library is meant to be used:
 * - a role holds its system permissions and its custom privileges, except privileges named like a system
 *   permission (the system permission wins), so those are never written as rules;
 * - grants apply to system permissions only; denies (and hidden modules, expanded to their permissions)
 *   beat every grant.
 */

// ---------------------------------------------------------------------------------------------- casbin

/**
 * RBAC with role hierarchy. The cheap string equality comes before g() so the role walk runs only for
 * policies on the asked name; deny rows beat allow rows through the effect.
 */
const CASBIN_MODEL = `
[request_definition]
r = sub, obj

[policy_definition]
p = sub, obj, eft

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = r.obj == p.obj && g(r.sub, p.sub)
`;

/** A user's role plus its base chain is MAX_CHAIN_DEPTH + 1 links: one more than casbin's default manager follows. */
export const CASBIN_LEVELS_NEEDED = MAX_CHAIN_DEPTH + 1;
export const CASBIN_DEFAULT_LEVELS = 10;

export function casbinRoleRows(scenario: Scenario, role: RoleInput): string[][] {
  const names = [...role.permissions, ...role.privileges.filter((name) => !scenario.systemNames.has(name))];
  return names.map((name) => [role.id, name, 'allow']);
}

function casbinUserRows(scenario: Scenario, user: ScenarioUser): string[][] {
  const { grants, denies, hiddenModules } = user.overrides;
  const rows = grants.filter((name) => scenario.systemNames.has(name)).map((name) => [user.id, name, 'allow']);
  for (const name of denies) rows.push([user.id, name, 'deny']);
  for (const definition of scenario.definitions) {
    if (definition.module && hiddenModules.includes(definition.module)) rows.push([user.id, definition.name, 'deny']);
  }
  return rows;
}

export async function buildCasbin(scenario: Scenario, maxHierarchyLevel: number): Promise<Enforcer> {
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
  enforcer.setRoleManager(new DefaultRoleManager(maxHierarchyLevel));
  const policies = [...scenario.roles.flatMap((role) => casbinRoleRows(scenario, role)), ...scenario.users.flatMap((user) => casbinUserRows(scenario, user))];
  const links = [
    ...scenario.roles.flatMap((role) => (role.baseRoleId ? [[role.id, role.baseRoleId]] : [])),
    ...scenario.users.flatMap((user) => user.roleIds.map((roleId) => [user.id, roleId])),
  ];
  await enforcer.addPolicies(policies);
  await enforcer.addGroupingPolicies(links);
  // Rebuild from scratch so every link lives in the role manager set above, whatever the incremental path did.
  await enforcer.buildRoleLinks();
  return enforcer;
}

// -------------------------------------------------------------------------------------------------- CASL

/** Not "manage" and "all": the scenario has a `manage` action, which must not mean "everything". */
export const CASL_OPTIONS = { anyAction: '__any_action__', anySubjectType: '__any_subject__' } as const;

export interface CaslRule {
  action: string;
  subject: string;
  inverted?: boolean;
}

/** `m12.view` → subject `m12`, action `view`: CASL's own (action, subject type) shape. */
export function caslTarget(name: string): { action: string; subject: string } {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? { action: name, subject: name } : { action: name.slice(dot + 1), subject: name.slice(0, dot) };
}

/** Each role's own rules, built once and shared by every user's rule list. */
export class CaslRuleSource {
  private readonly ownRules = new Map<string, readonly CaslRule[]>();

  constructor(
    private readonly scenario: Scenario,
    private rolesById: ReadonlyMap<string, RoleInput> = scenario.rolesById,
  ) {
    for (const role of rolesById.values()) this.ownRules.set(role.id, this.rulesOfRole(role));
  }

  /** Replaces a role (a role change); only its own rules need rebuilding. */
  setRole(role: RoleInput): void {
    const next = new Map(this.rolesById);
    next.set(role.id, role);
    this.rolesById = next;
    this.ownRules.set(role.id, this.rulesOfRole(role));
  }

  /** The user's rules from the resolved chain: allows first, then denials, which CASL lets later rules win. */
  rulesFor(user: ScenarioUser): CaslRule[] {
    const rules: CaslRule[] = [];
    for (const roleId of user.roleIds) {
      for (let role = this.rolesById.get(roleId); role; role = role.baseRoleId ? this.rolesById.get(role.baseRoleId) : undefined) {
        rules.push(...this.ownRules.get(role.id)!);
      }
    }
    const { grants, denies, hiddenModules } = user.overrides;
    for (const name of grants) if (this.scenario.systemNames.has(name)) rules.push(caslTarget(name));
    for (const name of denies) rules.push({ ...caslTarget(name), inverted: true });
    for (const definition of this.scenario.definitions) {
      if (definition.module && hiddenModules.includes(definition.module)) rules.push({ ...caslTarget(definition.name), inverted: true });
    }
    return rules;
  }

  abilityFor(user: ScenarioUser): MongoAbility {
    return createMongoAbility(this.rulesFor(user), CASL_OPTIONS);
  }

  private rulesOfRole(role: RoleInput): readonly CaslRule[] {
    const names = [...role.permissions, ...role.privileges.filter((name) => !this.scenario.systemNames.has(name))];
    return names.map(caslTarget);
  }
}

export function buildCaslAbilities(scenario: Scenario, source: CaslRuleSource): Map<string, MongoAbility> {
  const abilities = new Map<string, MongoAbility>();
  for (const user of scenario.users) abilities.set(user.id, source.abilityFor(user));
  return abilities;
}

// ------------------------------------------------------------------------------- peer loops and latencies

/** CASL asks with (action, subject type): the split is done before the clock starts, in CASL's favour. */
export function caslSequence(sequence: CheckSequence): { users: string[]; actions: string[]; subjects: string[] } {
  const targets = new Map<string, { action: string; subject: string }>();
  const actions: string[] = new Array<string>(sequence.names.length);
  const subjects: string[] = new Array<string>(sequence.names.length);
  sequence.names.forEach((name, i) => {
    let target = targets.get(name);
    if (!target) targets.set(name, (target = caslTarget(name)));
    actions[i] = target.action;
    subjects[i] = target.subject;
  });
  return { users: sequence.users, actions, subjects };
}

export function caslLoop(abilities: ReadonlyMap<string, MongoAbility>, sequence: ReturnType<typeof caslSequence>, iterations: number): number {
  const { users, actions, subjects } = sequence;
  const length = users.length;
  let yes = 0;
  for (let i = 0, at = 0; i < iterations; i += 1, at = at + 1 === length ? 0 : at + 1) {
    if (abilities.get(users[at]!)!.can(actions[at]!, subjects[at]!)) yes += 1;
  }
  return yes;
}

export function casbinLoop(enforcer: Enforcer, sequence: CheckSequence, iterations: number): number {
  const { users, names } = sequence;
  const length = users.length;
  let yes = 0;
  for (let i = 0, at = 0; i < iterations; i += 1, at = at + 1 === length ? 0 : at + 1) {
    if (enforcer.enforceSync(users[at]!, names[at]!)) yes += 1;
  }
  return yes;
}

// Written after each build, so the build cannot be optimised away.
let retained: unknown;
export const lastRetained = () => retained;

/**
 * CASL cold, the same path as the resolver's: the account's roles freshly loaded (`load`, untimed), every
 * role's rules built, then the Ability of a user holding the depth-10 role, asked once.
 */
export async function measureCaslCold(scenario: Scenario, load: () => RoleInput[], samples: number, targetUs: number): Promise<Latency> {
  const user = scenario.user(scenario.deepUserId);
  const { action, subject } = caslTarget(scenario.chainOf(scenario.deepRoleId).at(-1)!.permissions[0]!);
  return sampleLatency(
    samples,
    500,
    targetUs,
    (_i, roles: RoleInput[]) => {
      const ability = new CaslRuleSource(scenario, new Map(roles.map((role) => [role.id, role]))).abilityFor(user);
      if (!ability.can(action, subject)) throw new Error('CASL’s cold check answered wrongly.');
      retained = ability;
    },
    load,
  );
}

/**
 * CASL after a role change, at its best: the change only marks every Ability stale (one counter), and the
 * first check of a user rebuilds that user's Ability from the updated rules.
 */
export async function measureCaslChange(scenario: Scenario, toggle: RoleToggle, samples: number, targetUs: number): Promise<Latency> {
  const source = new CaslRuleSource(scenario);
  const user = scenario.user(toggle.userId);
  const { action, subject } = caslTarget(toggle.permission);
  let version = 0;
  let built = { version, ability: source.abilityFor(user) };
  return sampleLatency(samples, 200, targetUs, (i) => {
    source.setRole(toggle.states[i % 2]!);
    version += 1;
    if (built.version !== version) built = { version, ability: source.abilityFor(user) };
    if (built.ability.can(action, subject) !== (i % 2 === 0)) throw new Error(`CASL change ${i} not seen by the next check.`);
  });
}

/** casbin after a role change: the role's policy row added or removed through its API, then enforceSync. */
export async function measureCasbinChange(enforcer: Enforcer, toggle: RoleToggle, samples: number, targetUs: number): Promise<Latency> {
  const roleId = toggle.states[0].id;
  const row = [roleId, toggle.permission, 'allow'];
  try {
    return await sampleLatency(samples, 20, targetUs, async (i) => {
      if (i % 2 === 0) await enforcer.addPolicy(...row);
      else await enforcer.removePolicy(...row);
      if (enforcer.enforceSync(toggle.userId, toggle.permission) !== (i % 2 === 0)) throw new Error(`casbin change ${i} not seen by the next check.`);
    });
  } finally {
    await enforcer.removePolicy(...row);
  }
}
