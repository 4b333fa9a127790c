/**
 * npm run bench:access [-- --seed=N]
 * npm run -s bench:access -- --json   (-s keeps npm's own "> rolecall@… bench:access" banner off stdout)
 *
 * The project's resolver against casbin and @casl/ability on one generated account: correctness first
 * (each implementation must answer like naiveCheck or it is left out), then warm checks (and a no-op
 * checker, the ceiling, in the same rounds), the app's cold path (an account loaded and compiled, its first
 * check answered), role change to visible check on the role nearest the root, memory per membership in the
 * app's cache and the permission check middleware.ts adds. Every figure prints its workload; targets print
 * with PASS/FAIL and the baseline measured in the same run; a missed target does not fail the process, a
 * wrong answer does not get reported. With --json the last line of stdout is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Enforcer } from 'casbin';
import type { MongoAbility } from '@casl/ability';
import { MAX_CHAIN_DEPTH } from '@/lib/access/resolver';
import { PermissionSpace } from '@/lib/access/permission-space';
import { checksPerSecond, gcExposed, judgeLatency, judgeP95, retainedBytes, type Latency, type Verdict } from './access/measure';
import { measureMiddlewareCheck } from './access/middleware';
import {
  buildCaslAbilities,
  buildCasbin,
  CASBIN_DEFAULT_LEVELS,
  CASBIN_LEVELS_NEEDED,
  caslLoop,
  caslSequence,
  caslTarget,
  CaslRuleSource,
  casbinLoop,
  measureCasbinChange,
  measureCaslChange,
  measureCaslCold,
} from './access/peers';
import { Prng } from './access/prng';
import { humanReport, IMPL_LABELS, IMPLS, jsonReport, ratio, format, type GateResult, type Impl, type Rates, type Results, type Target } from './access/report';
import { buildRolecall, cacheBytesPerMember, loadRoles, measureChangeToCheck, measureColdAccount, noopLoop, resolvedSequence, rolecallCheck, rolecallLoop } from './access/rolecall';
import { checkSequence, DEFAULT_SEED, Scenario, type Check } from './access/scenario';

/** Issue 15's targets (and, beside them, its further goals). */
const TARGETS = {
  ratioCasl: 10,
  ratioCasbin: 1_000,
  ceilingShare: 0.5,
  groupRatio: 0.9,
  groupBytes: 1024,
  licenceRatio: 0.9,
  ceilingShareGoal: 0.8,
  coldUs: 10,
  coldGoalUs: 2,
  changeUs: 10,
  bytesPerMembership: 100,
  bytesPerMembershipGoal: 64,
  middlewareMs: 1,
};

const GATE_RANDOM_CHECKS = 4_000;
// Issue 16's group workload: this many groups (see Scenario).
const GROUPS = 1_000;
// Issue 17's licence workload: 10 pools gating 30 permissions, half the members holding 1–3 of them.
const LICENCES = { pools: 10, gatedPermissions: 30, holderShare: 0.5 };
const SEQUENCE_LENGTH = 1 << 20;
/** Checks per timed round: the resolver gets millions, casbin what fits in about a second. */
const WARM: Record<Impl | 'noop', number> = { rolecall: 2_000_000, noop: 2_000_000, casl: 1_000_000, casbin: 600 };
const WARM_ROUNDS = 5;

function parseArgs(argv: readonly string[]) {
  const json = argv.includes('--json');
  const seedArg = argv.find((arg) => arg.startsWith('--seed='));
  const seed = seedArg ? Number(seedArg.slice('--seed='.length)) >>> 0 : DEFAULT_SEED;
  return { json, seed };
}

/** Progress goes to stderr: in --json mode stdout carries the JSON object alone. */
const progress = (message: string) => process.stderr.write(`[bench:access] ${message}\n`);

function packageVersion(name: string): string {
  try {
    // Not every package exports its package.json: find it above the resolved entry point.
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    for (let i = 0; i < 6; i += 1, dir = dirname(dir)) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (manifest.name === name && manifest.version) return manifest.version;
      } catch {
        // no package.json at this level
      }
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

function runGate(label: string, checks: readonly Check[], expected: readonly boolean[], check: (userId: string, name: string) => boolean): GateResult {
  let mismatches = 0;
  let problem: string | undefined;
  try {
    checks.forEach(({ userId, name }, i) => {
      const answer = check(userId, name);
      if (answer === expected[i]) return;
      mismatches += 1;
      problem ??= `${userId} asking for ${name}: naiveCheck says ${expected[i] ? 'yes' : 'no'}, got ${answer ? 'yes' : 'no'}`;
    });
  } catch (error) {
    return { label, checked: checks.length, mismatches: checks.length, problem: `threw ${error instanceof Error ? error.message : String(error)}` };
  }
  if (mismatches > 0) problem = `${format.int(mismatches)} of ${format.int(checks.length)} answers differ from naiveCheck (first: ${problem})`;
  return { label, checked: checks.length, mismatches, problem };
}

async function main() {
  const { json, seed } = parseArgs(process.argv.slice(2));
  // Bytecode of functions idle for a few collections is flushed; mid-measurement, that shrinks the heap.
  setFlagsFromString('--no-flush-bytecode');
  if (!gcExposed) progress('gc is not exposed: memory per membership will be n/a (run with node --expose-gc)');
  progress(`seed ${seed}: generating the scenario`);
  const scenario = new Scenario({ seed });
  const space = new PermissionSpace(scenario.definitions);

  // Each implementation's warm state, built once and measured for memory while it is built. The resolver's
  // memory is its cache's, as the app keeps it (below); the state the warm loops read is what it keeps per member.
  progress('building the resolver, CASL and casbin states');
  const rolecall = await retainedBytes(() => buildRolecall(space, scenario));
  const plainUsers = scenario.users.filter((user) => user.overrides.grants.length + user.overrides.denies.length + user.overrides.hiddenModules.length === 0);
  const cacheShared = await cacheBytesPerMember(space, scenario, plainUsers);
  const cacheAll = await cacheBytesPerMember(space, scenario, scenario.users);
  const caslSource = new CaslRuleSource(scenario);
  const casl = await retainedBytes(() => buildCaslAbilities(scenario, caslSource));
  const casbin = await retainedBytes(() => buildCasbin(scenario, CASBIN_LEVELS_NEEDED));

  progress('correctness gate');
  const gatePrng = new Prng(seed ^ 0x9a7e);
  const checks = scenario.gateChecks(gatePrng, GATE_RANDOM_CHECKS);
  const expected = checks.map(({ userId, name }) => scenario.expected(userId, name));
  const caslCheck = (abilities: Map<string, MongoAbility>) => (userId: string, name: string) => {
    const { action, subject } = caslTarget(name);
    return abilities.get(userId)!.can(action, subject);
  };
  const casbinCheck = (enforcer: Enforcer) => (userId: string, name: string) => enforcer.enforceSync(userId, name);
  const casbinDefault = await buildCasbin(scenario, CASBIN_DEFAULT_LEVELS);
  const gate: Results['gate'] = {
    rolecall: runGate(IMPL_LABELS.rolecall, checks, expected, (userId, name) => rolecallCheck(rolecall.value, userId, name)),
    casl: runGate(`${IMPL_LABELS.casl} (anyAction/anySubjectType set)`, checks, expected, caslCheck(casl.value)),
    casbin: runGate(`casbin (role manager, ${CASBIN_LEVELS_NEEDED} levels)`, checks, expected, casbinCheck(casbin.value)),
    casbinDefaultRoleManager: runGate(`casbin (default role manager, ${CASBIN_DEFAULT_LEVELS} levels)`, checks, expected, casbinCheck(casbinDefault)),
  };
  const excluded: Results['excluded'] = {};
  for (const impl of IMPLS) if (gate[impl].problem) excluded[impl] = gate[impl].problem;
  const included = (impl: Impl) => !(impl in excluded);

  progress('warm checks');
  const sequences = {
    same: checkSequence(scenario, new Prng(seed ^ 0x5a3e), SEQUENCE_LENGTH, scenario.deepUserId),
    random: checkSequence(scenario, new Prng(seed ^ 0x7a4d), SEQUENCE_LENGTH),
  };
  const caslSequences = { same: caslSequence(sequences.same), random: caslSequence(sequences.random) };
  // The resolver's (and the ceiling's) names as the app's code holds them: system permissions as bits.
  const resolvedSequences = { same: resolvedSequence(space, sequences.same), random: resolvedSequence(space, sequences.random) };
  const warm: Results['warm'] = {};
  let ceiling: Rates | null = null;
  type Runner = { run: (iterations: number) => number; iterations: number };
  for (const mode of ['same', 'random'] as const) {
    const runners: Partial<Record<Impl | 'noop', Runner>> = {};
    if (included('rolecall')) {
      runners.rolecall = { run: (n) => rolecallLoop(rolecall.value, resolvedSequences[mode], n), iterations: WARM.rolecall };
      runners.noop = { run: (n) => noopLoop(rolecall.value, resolvedSequences[mode], n), iterations: WARM.noop };
    }
    if (included('casl')) runners.casl = { run: (n) => caslLoop(casl.value, caslSequences[mode], n), iterations: WARM.casl };
    if (included('casbin')) runners.casbin = { run: (n) => casbinLoop(casbin.value, sequences[mode], n), iterations: WARM.casbin };
    const rates = checksPerSecond(runners as Record<Impl | 'noop', Runner>, WARM_ROUNDS);
    for (const key of Object.keys(runners) as (Impl | 'noop')[]) {
      const previous: Rates | null | undefined = key === 'noop' ? ceiling : warm[key];
      const next: Rates = { ...(previous ?? { same: 0, random: 0 }), [mode]: rates[key], iterations: WARM[key] * WARM_ROUNDS };
      if (key === 'noop') ceiling = next;
      else warm[key] = next;
    }
  }

  // A measurement that finds a wrong answer (a role change not seen, say) excludes its implementation too.
  const guarded = async <T>(impl: Impl, what: string, measure: () => Promise<T>): Promise<T | undefined> => {
    if (!included(impl)) return undefined;
    try {
      return await measure();
    } catch (error) {
      excluded[impl] = `${what}: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    }
  };

  const toggle = scenario.roleToggle();
  progress('cold account');
  const coldOf = (freshStrings: boolean, allRoles: boolean) => () => measureColdAccount(space, scenario, 20_000, TARGETS.coldUs, { freshStrings, allRoles });
  const coldAccount = await guarded('rolecall', 'cold account', coldOf(true, false));
  const coldShared = await guarded('rolecall', 'cold account', coldOf(false, false));
  const coldAllRoles = await guarded('rolecall', 'cold account', coldOf(true, true));
  const caslCold = await guarded('casl', 'cold account', () => measureCaslCold(scenario, () => loadRoles(space, scenario, true), 3_000, TARGETS.coldUs));
  progress('role change to check');
  const measuredChange = await guarded('rolecall', 'role change', () => measureChangeToCheck(space, scenario, toggle, 5_000, TARGETS.changeUs));
  const caslChange = await guarded('casl', 'role change', () => measureCaslChange(scenario, toggle, 2_000, TARGETS.changeUs));
  const casbinChange = await guarded('casbin', 'role change', () => measureCasbinChange(casbin.value, toggle, 100, TARGETS.changeUs));
  progress('middleware check');
  const middlewareResult = await guarded('rolecall', 'middleware check', () => measureMiddlewareCheck(seed, 50_000, TARGETS.middlewareMs));

  // Whatever an excluded implementation measured is not reported.
  for (const impl of IMPLS) if (!included(impl)) delete warm[impl];
  if (!included('rolecall')) ceiling = null;
  const cold: Results['cold'] =
    coldAccount && coldShared && coldAllRoles && included('rolecall')
      ? {
          roles: scenario.roles.length,
          maxDepth: Math.max(...scenario.depthOf.values()),
          account: coldAccount,
          sharedStrings: coldShared,
          allRoles: coldAllRoles,
          verdict: judgeP95(coldAccount, TARGETS.coldUs),
          casl: included('casl') ? caslCold : undefined,
        }
      : null;
  const change: Results['change'] =
    measuredChange && included('rolecall')
      ? {
          roleId: toggle.states[0].id,
          roleDepth: toggle.roleDepth,
          rolesBelow: toggle.rolesBelow,
          checkedRoleId: toggle.checkedRoleId,
          checkedDepth: toggle.checkedDepth,
          permission: toggle.permission,
          ...measuredChange,
          verdict: judgeP95(measuredChange.plain, TARGETS.changeUs),
          casl: included('casl') ? caslChange : undefined,
          casbin: included('casbin') ? casbinChange : undefined,
        }
      : null;
  // The peers' memory is their warm state's; the resolver's is its cache's (memoryShared).
  const memory: Results['memory'] = {};
  const builds = { casl, casbin };
  for (const impl of ['casl', 'casbin'] as const) if (included(impl)) memory[impl] = builds[impl].bytes === null ? null : builds[impl].bytes / scenario.users.length;
  const memoryShared: Results['memoryShared'] = included('rolecall')
    ? {
        members: plainUsers.length,
        bytes: cacheShared,
        allBytes: cacheAll,
      }
    : null;
  let middleware: Results['middleware'] = null;
  if (middlewareResult && included('rolecall')) {
    const verdict = judgeLatency(middlewareResult.latency, TARGETS.middlewareMs);
    // A fast gate that decides wrongly has not met the target.
    if (middlewareResult.mismatches > 0) Object.assign(verdict, { pass: false, note: `${middlewareResult.mismatches} decisions differ from naiveCheck` });
    middleware = { ...middlewareResult, verdict };
  }

  // Issue 16: members also in groups (1,000 groups of 0–3 roles, each member in 0–20): their role sets are
  // larger and more varied; warm random checks should stay within 10% of the plain scenario's, measured in
  // the same rounds, and the cache under 1 KB per membership.
  let groups: Results['groups'] = null;
  if (included('rolecall')) {
    progress('group workload');
    const groupScenario = new Scenario({ seed, groups: GROUPS });
    const grouped = buildRolecall(space, groupScenario);
    const groupChecks = groupScenario.gateChecks(new Prng(seed ^ 0x9a7e), GATE_RANDOM_CHECKS);
    const groupExpected = groupChecks.map(({ userId, name }) => groupScenario.expected(userId, name));
    const groupGate = runGate('rolecall (members in groups)', groupChecks, groupExpected, (userId, name) => rolecallCheck(grouped, userId, name));
    const groupSequence = resolvedSequence(space, checkSequence(groupScenario, new Prng(seed ^ 0x7a4d), SEQUENCE_LENGTH));
    const rates = checksPerSecond(
      {
        plain: { run: (n: number) => rolecallLoop(rolecall.value, resolvedSequences.random, n), iterations: WARM.rolecall },
        grouped: { run: (n: number) => rolecallLoop(grouped, groupSequence, n), iterations: WARM.rolecall },
      },
      WARM_ROUNDS,
    );
    // The control, in rounds of its own after the graded pair (so it cannot disturb it): the plain scenario
    // with a compiled object of its own per member, no groups. It tells the cost of many distinct objects
    // (cache misses) apart from the cost of groups.
    const slotEach = buildRolecall(space, scenario, true);
    const control = checksPerSecond(
      {
        plain: { run: (n: number) => rolecallLoop(rolecall.value, resolvedSequences.random, n), iterations: WARM.rolecall },
        slotEach: { run: (n: number) => rolecallLoop(slotEach, resolvedSequences.random, n), iterations: WARM.rolecall },
      },
      WARM_ROUNDS,
    );
    const groupPlainUsers = groupScenario.users.filter((user) => user.overrides.grants.length + user.overrides.denies.length + user.overrides.hiddenModules.length === 0);
    groups = {
      groups: GROUPS,
      averageRoles: groupScenario.users.reduce((sum, user) => sum + user.roleIds.length, 0) / groupScenario.users.length,
      distinctRoleSets: new Set(groupScenario.users.map((user) => user.roleIds.join())).size,
      gate: groupGate,
      plainRandom: rates.plain,
      groupedRandom: rates.grouped,
      slotEachRandom: control.slotEach * (rates.plain / control.plain),
      ratio: rates.grouped / rates.plain,
      bytesPerMembership: await cacheBytesPerMember(space, groupScenario, groupPlainUsers),
      bytesPerMembershipAll: await cacheBytesPerMember(space, groupScenario, groupScenario.users),
    };
  }

  // Issue 17: the plain scenario with 10 licence pools gating 30 of the permissions its roles grant, half the
  // members holding 1–3 of them; warm random checks should stay within 10% of the ungated figure, same rounds.
  let licences: Results['licences'] = null;
  if (included('rolecall')) {
    progress('licence workload');
    const licenceScenario = new Scenario({ seed, licences: LICENCES });
    const licensed = buildRolecall(space, licenceScenario);
    const licenceChecks = licenceScenario.gateChecks(new Prng(seed ^ 0x11ce), GATE_RANDOM_CHECKS);
    const licenceExpected = licenceChecks.map(({ userId, name }) => licenceScenario.expected(userId, name));
    const licenceGate = runGate('rolecall (licence gating)', licenceChecks, licenceExpected, (userId, name) => rolecallCheck(licensed, userId, name));
    const licenceSequence = resolvedSequence(space, checkSequence(licenceScenario, new Prng(seed ^ 0x7a4d), SEQUENCE_LENGTH));
    const rates = checksPerSecond(
      {
        plain: { run: (n: number) => rolecallLoop(rolecall.value, resolvedSequences.random, n), iterations: WARM.rolecall },
        licensed: { run: (n: number) => rolecallLoop(licensed, licenceSequence, n), iterations: WARM.rolecall },
      },
      WARM_ROUNDS,
    );
    licences = {
      ...LICENCES,
      holders: licenceScenario.users.filter((user) => (user.licenceIds?.length ?? 0) > 0).length,
      distinctAccesses: new Set(licenceScenario.users.map((user) => licensed.members.get(user.id))).size,
      gate: licenceGate,
      plainRandom: rates.plain,
      licensedRandom: rates.licensed,
      ratio: rates.licensed / rates.plain,
    };
  }

  const results: Results = {
    seed,
    versions: { node: process.version, casbin: packageVersion('casbin'), '@casl/ability': packageVersion('@casl/ability') },
    scenario: {
      permissions: scenario.definitions.length,
      permissionsInModules: scenario.definitions.filter((d) => d.module).length,
      privileges: scenario.privileges.length,
      roles: scenario.roles.length,
      rootRoles: scenario.roles.filter((role) => role.baseRoleId === null).length,
      rolesAtMaxDepth: [...scenario.depthOf.values()].filter((depth) => depth === MAX_CHAIN_DEPTH).length,
      maxDepth: Math.max(...scenario.depthOf.values()),
      users: scenario.users.length,
      usersWithTwoRoles: scenario.users.filter((user) => user.roleIds.length > 1).length,
      usersWithOverrides: scenario.users.filter((user) => user.overrides.grants.length + user.overrides.denies.length + user.overrides.hiddenModules.length > 0).length,
    },
    builds: { rolecall: { ms: rolecall.ms, bytes: rolecall.bytes }, casl: { ms: casl.ms, bytes: casl.bytes }, casbin: { ms: casbin.ms, bytes: casbin.bytes } },
    workloads: WORKLOADS,
    gate,
    excluded,
    warm,
    ceiling,
    cold,
    change,
    memory,
    memoryShared,
    middleware,
    groups,
    licences,
    targets: [],
  };
  results.targets = targets(results);
  // Six significant digits: more would be noise, not precision. One line: the last line of stdout.
  const rounded = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value);
  process.stdout.write(json ? `${JSON.stringify(jsonReport(results), rounded)}\n` : `${humanReport(results)}\n`);
}

const WORKLOADS: Results['workloads'] = {
  warm:
    'a pre-drawn sequence of 1,048,576 (user, name) checks, names half from what the user’s roles mention and half from all names; ' +
    'rolecall: find the member’s cached access in a Map of 10,000, confirm it is current, test one bit; each name as the app’s code holds it: ' +
    'a system permission by its bit, resolved once before the clock starts (as the catalogue’s permissionBit constants are at module load), ' +
    'a custom privilege or an unknown name as a string, looked up in the account’s privilege table (then the system names) on every check',
  ceiling: 'the same loop and sequence, the same Map lookup of the member, and a checker that does no access work',
  cold:
    'per sample, untimed: the account’s 50 roles and one member loaded afresh, as lib/dal/access/load-access.ts hands them over ' +
    '(new objects and arrays; database strings new, their hashes not computed; the roots’ grants copied from constants; ' +
    'each permission’s bit and each base role’s place in the list as the database numbers them for load-access.ts, custom privileges by name); ' +
    'timed: new AccountAccess (every role linked and checked) + the member of the depth-10 role resolved + one check of a permission held by its bit, as the gate holds it; ' +
    'judged by p95 over 20,000 samples after 2,000 untimed',
  change:
    'a cache holding the account and all 10,000 members; per sample: AccessCache.applyRole of the role nearest a root with the most ' +
    'roles below it (gaining or losing one permission), then getWarmAccess + holds for a member of the deepest role below it, asserted; ' +
    '500 untimed changes first, then 5,000 samples judged by p95',
  memory:
    'AccessCache heap after full GC ÷ members, the members loaded as the database would (fresh arrays and strings) and each resolved once; ' +
    'the membership ids (the Map’s keys, which exist anyway) not counted',
  middleware: 'a warm AccessCache on the product’s catalogue; per request: requiredPermissionFor + await getAccess + hasPermission of the rule’s bit (as lib/auth/gate.ts)',
};

function targets(results: Results): Target[] {
  const { warm, ceiling, cold, change, memoryShared, middleware, excluded } = results;
  const unmeasured = (impl: Impl) => (excluded[impl] ? `n/a: ${IMPL_LABELS[impl]} excluded` : 'n/a');
  const ratioTarget = (peer: Impl, goal: number): Target => {
    const value = ratio(warm.rolecall?.random, warm[peer]?.random);
    return {
      name: `random-user warm checks vs ${IMPL_LABELS[peer]}`,
      goal: `≥ ${format.int(goal)}×`,
      actual: value === null ? unmeasured(excluded.rolecall ? 'rolecall' : peer) : format.times(value),
      pass: value === null ? (excluded.rolecall ? false : null) : value >= goal,
      baseline: warm[peer] ? `${IMPL_LABELS[peer]} ${format.rate(warm[peer].random)}, rolecall ${format.rate(warm.rolecall?.random ?? 0)}` : undefined,
    };
  };
  const p95Target = (name: string, target: number, stretch: number | undefined, verdict: Verdict | undefined, baseline: string | undefined): Target => ({
    name,
    goal: `< ${target} µs`,
    actual: verdict ? `${format.us(verdict.value)} (p95${verdict.note ? `; ${verdict.note}` : ''})` : unmeasured('rolecall'),
    pass: verdict ? verdict.pass : false,
    ...(stretch === undefined ? {} : { stretchGoal: `< ${stretch} µs`, stretchMet: verdict ? verdict.value < stretch : null }),
    baseline,
  });
  const vsPeer = (label: string, ours: Latency | undefined, theirs: Latency | undefined) =>
    ours && theirs ? `${label} p95 ${format.us(theirs.p95)}: rolecall is ${format.times(theirs.p95 / ours.p95)} faster` : undefined;
  const share = ratio(warm.rolecall?.random, ceiling?.random);
  const perMembership = memoryShared?.bytes;
  return [
    ratioTarget('casl', TARGETS.ratioCasl),
    ratioTarget('casbin', TARGETS.ratioCasbin),
    {
      name: 'random-user warm checks ÷ a no-op checker (same process)',
      goal: `≥ ${format.percent(TARGETS.ceilingShare)}`,
      actual: share === null ? unmeasured('rolecall') : format.percent(share),
      pass: share === null ? false : share >= TARGETS.ceilingShare,
      stretchGoal: `≥ ${format.percent(TARGETS.ceilingShareGoal)}`,
      stretchMet: share === null ? null : share >= TARGETS.ceilingShareGoal,
      baseline: ceiling ? `no-op ${format.rate(ceiling.random)}, rolecall ${format.rate(warm.rolecall?.random ?? 0)}` : undefined,
    },
    p95Target(
      `cold account (${results.scenario.roles} roles, depth ${MAX_CHAIN_DEPTH}) to first check`,
      TARGETS.coldUs,
      TARGETS.coldGoalUs,
      cold?.verdict,
      [vsPeer('CASL', cold?.account, cold?.casl), cold ? `every role compiled too: p95 ${format.us(cold.allRoles.p95)}` : undefined].filter(Boolean).join('; ') || undefined,
    ),
    p95Target('role change (nearest the root) visible to the next check', TARGETS.changeUs, undefined, change?.verdict, vsPeer('CASL', change?.plain, change?.casl)),
    {
      name: `issue 16: warm random checks with members in groups ÷ without (same rounds)`,
      goal: `≥ ${format.percent(TARGETS.groupRatio)}`,
      actual: results.groups ? `${format.percent(results.groups.ratio)}${results.groups.gate.problem ? ` (wrong answers: ${results.groups.gate.problem})` : ''}` : unmeasured('rolecall'),
      pass: results.groups ? results.groups.ratio >= TARGETS.groupRatio && !results.groups.gate.problem : false,
      baseline: results.groups
        ? `without groups ${format.rate(results.groups.plainRandom)}, with ${format.rate(results.groups.groupedRandom)}; control, no groups but a compiled object per member: ${format.rate(results.groups.slotEachRandom)} (${format.percent(results.groups.slotEachRandom / results.groups.plainRandom)})`
        : undefined,
    },
    {
      name: 'issue 17: warm random checks with licence gating ÷ without (same rounds)',
      goal: `≥ ${format.percent(TARGETS.licenceRatio)}`,
      actual: results.licences ? `${format.percent(results.licences.ratio)}${results.licences.gate.problem ? ` (wrong answers: ${results.licences.gate.problem})` : ''}` : unmeasured('rolecall'),
      pass: results.licences ? results.licences.ratio >= TARGETS.licenceRatio && !results.licences.gate.problem : false,
      baseline: results.licences ? `ungated ${format.rate(results.licences.plainRandom)}, gated ${format.rate(results.licences.licensedRandom)}; ${format.int(results.licences.distinctAccesses)} distinct compiled accesses` : undefined,
    },
    {
      name: 'issue 16: memory per membership with groups (only shared roles)',
      goal: `< ${TARGETS.groupBytes} B`,
      actual: results.groups ? format.bytes(results.groups.bytesPerMembership) : unmeasured('rolecall'),
      pass: results.groups?.bytesPerMembership == null ? null : results.groups.bytesPerMembership < TARGETS.groupBytes,
      baseline: results.groups ? `all members: ${format.bytes(results.groups.bytesPerMembershipAll)}` : undefined,
    },
    {
      name: `memory per membership holding only shared roles (${format.int(memoryShared?.members ?? 0)} members)`,
      goal: `< ${TARGETS.bytesPerMembership} B`,
      actual: perMembership === undefined ? unmeasured('rolecall') : format.bytes(perMembership),
      pass: perMembership === undefined ? false : perMembership === null ? null : perMembership < TARGETS.bytesPerMembership,
      stretchGoal: `< ${TARGETS.bytesPerMembershipGoal} B`,
      stretchMet: perMembership === undefined || perMembership === null ? null : perMembership < TARGETS.bytesPerMembershipGoal,
      baseline: results.memory.casl != null ? `all members: rolecall ${format.bytes(memoryShared?.allBytes)}, CASL ${format.bytes(results.memory.casl)}, casbin ${format.bytes(results.memory.casbin)}` : undefined,
    },
    {
      name: 'permission check added to a middleware.ts request (warm)',
      goal: `< ${TARGETS.middlewareMs} ms`,
      actual: middleware ? `${format.fixed(middleware.verdict.value, 4)} ms (judged by ${middleware.verdict.judgedBy}${middleware.verdict.note ? `; ${middleware.verdict.note}` : ''})` : unmeasured('rolecall'),
      pass: middleware ? middleware.verdict.pass : false,
    },
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:access] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
