/**
 * npm run bench:access [-- --seed=N]
 * npm run -s bench:access -- --json   (-s keeps npm's own "> rolecall@… bench:access" banner off stdout)
 *
 * The project's resolver against casbin and @casl/ability on one generated account: correctness first
 * (each implementation must answer like naiveCheck or it is left out), then warm checks, cold resolution,
 * role change to visible check, memory per membership and the permission check middleware.ts will add.
 * Targets are printed with PASS/FAIL; a missed target does not fail the process, a wrong answer does not
 * get reported.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Enforcer } from 'casbin';
import type { MongoAbility } from '@casl/ability';
import { MAX_CHAIN_DEPTH } from '@/lib/access/resolver';
import { PermissionSpace } from '@/lib/access/permission-space';
import { checksPerSecond, gcExposed, judgeLatency, retainedBytes } from './access/measure';
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
import { humanReport, IMPL_LABELS, IMPLS, jsonReport, ratio, format, type GateResult, type Impl, type Results, type Target } from './access/report';
import { buildRolecall, measureChangeToCheck, measureColdResolve, rolecallCheck, rolecallLoop } from './access/rolecall';
import { checkSequence, DEFAULT_SEED, Scenario, type Check } from './access/scenario';

const TARGETS = {
  ratioCasl: 10,
  ratioCasbin: 1_000,
  coldUs: 5,
  changeUs: 10,
  bytesPerMembership: 1024,
  middlewareMs: 1,
};

const GATE_RANDOM_CHECKS = 4_000;
const SEQUENCE_LENGTH = 1 << 20;
/** Checks per timed round: the resolver gets millions, casbin what fits in about a second. */
const WARM: Record<Impl, number> = { rolecall: 2_000_000, casl: 1_000_000, casbin: 600 };
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
  if (!gcExposed) progress('gc is not exposed: memory per membership will be n/a (run with node --expose-gc)');
  progress(`seed ${seed}: generating the scenario`);
  const scenario = new Scenario({ seed });
  const space = new PermissionSpace(scenario.definitions);

  // Each implementation's warm state, built once and measured for memory while it is built.
  progress('building the resolver, CASL and casbin states');
  const rolecall = await retainedBytes(() => buildRolecall(space, scenario));
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
  const warm: Results['warm'] = {};
  for (const mode of ['same', 'random'] as const) {
    const runners: Partial<Record<Impl, { run: (iterations: number) => number; iterations: number }>> = {};
    if (included('rolecall')) runners.rolecall = { run: (n) => rolecallLoop(rolecall.value, sequences[mode], n), iterations: WARM.rolecall };
    if (included('casl')) runners.casl = { run: (n) => caslLoop(casl.value, caslSequences[mode], n), iterations: WARM.casl };
    if (included('casbin')) runners.casbin = { run: (n) => casbinLoop(casbin.value, sequences[mode], n), iterations: WARM.casbin };
    const rates = checksPerSecond(runners as Record<Impl, { run: (iterations: number) => number; iterations: number }>, WARM_ROUNDS);
    for (const impl of Object.keys(runners) as Impl[]) {
      warm[impl] = { ...(warm[impl] ?? { same: 0, random: 0 }), [mode]: rates[impl], iterations: WARM[impl] * WARM_ROUNDS };
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
  progress('cold resolution');
  const measuredCold = await guarded('rolecall', 'cold resolution', () => measureColdResolve(space, scenario, 20_000, TARGETS.coldUs));
  const caslCold = await guarded('casl', 'cold resolution', () => measureCaslCold(scenario, 3_000, TARGETS.coldUs));
  progress('role change to check');
  const measuredChange = await guarded('rolecall', 'role change', () => measureChangeToCheck(space, scenario, toggle, 5_000, TARGETS.changeUs));
  const caslChange = await guarded('casl', 'role change', () => measureCaslChange(scenario, toggle, 2_000, TARGETS.changeUs));
  const casbinChange = await guarded('casbin', 'role change', () => measureCasbinChange(casbin.value, toggle, 100, TARGETS.changeUs));
  progress('middleware check');
  const middlewareResult = await guarded('rolecall', 'middleware check', () => measureMiddlewareCheck(seed, 50_000, TARGETS.middlewareMs));

  // Whatever an excluded implementation measured is not reported.
  for (const impl of IMPLS) if (!included(impl)) delete warm[impl];
  const cold: Results['cold'] =
    measuredCold && included('rolecall')
      ? {
          chainLinks: measuredCold.chainLinks,
          viaAccount: measuredCold.viaAccount,
          compileOnly: measuredCold.compileOnly,
          verdict: judgeLatency(measuredCold.viaAccount, TARGETS.coldUs),
          casl: included('casl') ? caslCold : undefined,
        }
      : null;
  const change: Results['change'] =
    measuredChange && included('rolecall')
      ? {
          roleId: toggle.states[0].id,
          roleDepth: toggle.roleDepth,
          checkedRoleId: toggle.checkedRoleId,
          permission: toggle.permission,
          ...measuredChange,
          verdict: judgeLatency(measuredChange.plain, TARGETS.changeUs),
          casl: included('casl') ? caslChange : undefined,
          casbin: included('casbin') ? casbinChange : undefined,
        }
      : null;
  const memory: Results['memory'] = {};
  const builds = { rolecall, casl, casbin };
  for (const impl of IMPLS) if (included(impl)) memory[impl] = builds[impl].bytes === null ? null : builds[impl].bytes / scenario.users.length;
  let middleware: Results['middleware'] = null;
  if (middlewareResult && included('rolecall')) {
    const verdict = judgeLatency(middlewareResult.latency, TARGETS.middlewareMs);
    // A fast gate that decides wrongly has not met the target.
    if (middlewareResult.mismatches > 0) Object.assign(verdict, { pass: false, note: `${middlewareResult.mismatches} decisions differ from naiveCheck` });
    middleware = { ...middlewareResult, verdict };
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
    gate,
    excluded,
    warm,
    cold,
    change,
    memory,
    middleware,
    targets: [],
  };
  results.targets = targets(results);
  // Six significant digits: more would be noise, not precision.
  const rounded = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value);
  process.stdout.write(json ? `${JSON.stringify(jsonReport(results), rounded, 2)}\n` : `${humanReport(results)}\n`);
}

function targets(results: Results): Target[] {
  const { warm, cold, change, memory, middleware, excluded } = results;
  const unmeasured = (impl: Impl) => (excluded[impl] ? `n/a: ${IMPL_LABELS[impl]} excluded` : 'n/a');
  const ratioTarget = (peer: Impl, goal: number): Target => {
    const value = ratio(warm.rolecall?.random, warm[peer]?.random);
    return {
      name: `random-user warm checks vs ${IMPL_LABELS[peer]}`,
      goal: `≥ ${format.int(goal)}×`,
      actual: value === null ? unmeasured(excluded.rolecall ? 'rolecall' : peer) : format.times(value),
      pass: value === null ? (excluded.rolecall ? false : null) : value >= goal,
    };
  };
  const latencyTarget = (name: string, goal: string, verdict: { pass: boolean; value: number; judgedBy: string; note: string } | undefined, unit: (v: number) => string): Target => ({
    name,
    goal,
    actual: verdict ? `${unit(verdict.value)} (judged by ${verdict.judgedBy}${verdict.note ? `; ${verdict.note}` : ''})` : unmeasured('rolecall'),
    pass: verdict ? verdict.pass : false,
  });
  const perMembership = memory.rolecall;
  return [
    ratioTarget('casl', TARGETS.ratioCasl),
    ratioTarget('casbin', TARGETS.ratioCasbin),
    latencyTarget(`cold resolution of a depth-${MAX_CHAIN_DEPTH} chain`, `< ${TARGETS.coldUs} µs`, cold?.verdict, format.us),
    latencyTarget('role change visible to the next check (in-process)', `< ${TARGETS.changeUs} µs`, change?.verdict, format.us),
    {
      name: `memory per resolved membership at ${format.int(results.scenario.users)} users`,
      goal: `< 1 KB`,
      actual: perMembership === undefined ? unmeasured('rolecall') : format.bytes(perMembership),
      pass: perMembership === undefined ? false : perMembership === null ? null : perMembership < TARGETS.bytesPerMembership,
    },
    latencyTarget('permission check added to a middleware.ts request (warm)', `< ${TARGETS.middlewareMs} ms`, middleware?.verdict, (ms) => `${format.fixed(ms, 4)} ms`),
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:access] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
