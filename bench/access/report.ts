import type { Latency, Verdict } from './measure';
import type { MiddlewareResult } from './middleware';

export const IMPLS = ['rolecall', 'casl', 'casbin'] as const;
export type Impl = (typeof IMPLS)[number];

export interface GateResult {
  label: string;
  checked: number;
  mismatches: number;
  /** The first disagreement, or the error the implementation threw. */
  problem?: string;
}

export interface Target {
  name: string;
  goal: string;
  actual: string;
  /** null: could not be measured in this run. */
  pass: boolean | null;
}

export interface Results {
  seed: number;
  versions: Record<string, string>;
  scenario: {
    permissions: number;
    permissionsInModules: number;
    privileges: number;
    roles: number;
    rootRoles: number;
    rolesAtMaxDepth: number;
    maxDepth: number;
    users: number;
    usersWithTwoRoles: number;
    usersWithOverrides: number;
  };
  builds: Record<Impl, { ms: number; bytes: number | null }>;
  gate: Record<Impl | 'casbinDefaultRoleManager', GateResult>;
  excluded: Partial<Record<Impl, string>>;
  warm: Partial<Record<Impl, { same: number; random: number; iterations: number }>>;
  cold: { chainLinks: number; viaAccount: Latency; compileOnly: Latency; verdict: Verdict; casl?: Latency } | null;
  change: {
    roleId: string;
    roleDepth: number;
    checkedRoleId: string;
    permission: string;
    plain: Latency;
    withOverrides: Latency;
    verdict: Verdict;
    casl?: Latency;
    casbin?: Latency;
  } | null;
  memory: Partial<Record<Impl, number | null>>;
  middleware: (MiddlewareResult & { verdict: Verdict }) | null;
  targets: Target[];
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const us = (value: number) => `${fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0)} µs`;
const rate = (value: number) => (value >= 1e6 ? `${fixed(value / 1e6, 2)} M/s` : value >= 1e3 ? `${fixed(value / 1e3, 1)} k/s` : `${fixed(value, 0)} /s`);
const bytes = (value: number | null | undefined) => (value == null ? 'n/a (run node with --expose-gc)' : value >= 10_240 ? `${fixed(value / 1024, 1)} KB` : `${int(value)} B`);
const times = (value: number) => `${fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0)}×`;
const pad = (text: string, width: number) => text.padEnd(width);
const lat = (latency: Latency, unit: (value: number) => string = us) =>
  `p50 ${unit(latency.p50)}  p95 ${unit(latency.p95)}  p99 ${unit(latency.p99)}  (${int(latency.samples)} samples)`;

export const IMPL_LABELS: Record<Impl, string> = {
  rolecall: 'rolecall (lib/access)',
  casl: '@casl/ability',
  casbin: 'casbin',
};

export function ratio(ours: number | undefined, theirs: number | undefined): number | null {
  return ours !== undefined && theirs !== undefined && theirs > 0 ? ours / theirs : null;
}

export function humanReport(results: Results): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const s = results.scenario;
  out(`bench:access: seed ${results.seed} (repeat with --seed=${results.seed})`);
  out(`versions: ${Object.entries(results.versions).map(([name, version]) => `${name} ${version}`).join(', ')}`);
  out(
    `scenario: ${s.permissions} system permissions (${s.permissionsInModules} in declared modules), ${s.privileges} custom privileges, ` +
      `${s.roles} roles (${s.rootRoles} roots, ${s.rolesAtMaxDepth} at depth ${s.maxDepth}), ${int(s.users)} users ` +
      `(${int(s.usersWithTwoRoles)} with two roles, ${int(s.usersWithOverrides)} with overrides)`,
  );

  out();
  out('Correctness gate: every implementation must answer like naiveCheck (lib/access/reference.ts)');
  for (const gate of Object.values(results.gate)) {
    const verdict = gate.mismatches === 0 && !gate.problem ? `${int(gate.checked)}/${int(gate.checked)} agree` : `EXCLUDED: ${gate.problem}`;
    out(`  ${pad(gate.label, 44)} ${verdict}`);
  }
  for (const [impl, reason] of Object.entries(results.excluded)) {
    if (results.gate[impl as Impl].problem !== reason) out(`  ${IMPL_LABELS[impl as Impl]} is excluded from the report: ${reason}`);
  }

  out();
  out(`Warm checks per second ${pad('', 22)} ${pad('one user', 14)} random of ${int(s.users)} users`);
  const ours = results.warm.rolecall;
  for (const impl of IMPLS) {
    const warm = results.warm[impl];
    if (!warm) continue;
    const vs = impl === 'rolecall' || !ours ? '' : `   rolecall is ${times(ours.same / warm.same)} / ${times(ours.random / warm.random)}`;
    out(`  ${pad(IMPL_LABELS[impl], 44)} ${pad(rate(warm.same), 14)} ${pad(rate(warm.random), 12)}${vs}`);
  }
  out('  (names: half drawn from what the user’s roles mention, half from all names; same pre-drawn sequence for every implementation)');

  if (results.cold) {
    const cold = results.cold;
    out();
    out(`Cold resolution of one membership (a ${cold.chainLinks}-link chain, nothing compiled yet)`);
    out(`  ${pad('new AccountAccess(chain).resolve(member)', 44)} ${lat(cold.viaAccount)}`);
    out(`  ${pad('compileRoles(chain) + resolveAccess', 44)} ${lat(cold.compileOnly)}`);
    if (cold.casl) out(`  ${pad('CASL: build the user’s Ability from the chain', 44)} ${lat(cold.casl)}   rolecall is ${times(cold.casl.p50 / cold.viaAccount.p50)} at p50`);
  }

  if (results.change) {
    const change = results.change;
    out();
    out(`Role change → first check that sees it (${change.roleId}, depth ${change.roleDepth}, toggles ${change.permission}; checked on a member of ${change.checkedRoleId})`);
    out(`  ${pad('upsertRole + resolve + holds', 44)} ${lat(change.plain)}`);
    out(`  ${pad('  … for a member with overrides (memo)', 44)} ${lat(change.withOverrides)}`);
    if (change.casl) out(`  ${pad('CASL: mark stale, rebuild the user’s Ability', 44)} ${lat(change.casl)}   rolecall is ${times(change.casl.p95 / change.plain.p95)} at p95`);
    if (change.casbin) out(`  ${pad('casbin: addPolicy/removePolicy + enforceSync', 44)} ${lat(change.casbin)}   rolecall is ${times(change.casbin.p95 / change.plain.p95)} at p95`);
    out('  (every change was asserted to be visible to the check that followed it)');
  }

  out();
  out(`Memory per resolved membership (heap after full GC, ${int(s.users)} users; shared state included)`);
  for (const impl of IMPLS) {
    if (!(impl in results.memory)) continue;
    const build = results.builds[impl];
    out(`  ${pad(IMPL_LABELS[impl], 44)} ${pad(bytes(results.memory[impl]), 12)} (built in ${int(build.ms)} ms)`);
  }

  if (results.middleware) {
    const mw = results.middleware;
    out();
    out('Permission check in middleware.ts, warm cache (requiredPermissionFor + AccessCache.getAccess + hasPermission)');
    out(`  ${pad('per request, real permission catalogue', 44)} ${lat(mw.latency, (ms) => `${fixed(ms, 4)} ms`)}`);
    out(`  ${pad('decisions', 44)} ${int(mw.outcomes.allowed)} allowed, ${int(mw.outcomes.denied)} denied, ${int(mw.outcomes.open)} need no permission; ${int(mw.mismatches)} differ from naiveCheck`);
  }

  out();
  out('Targets');
  for (const target of results.targets) {
    const mark = target.pass === null ? 'N/A ' : target.pass ? 'PASS' : 'FAIL';
    out(`  ${mark}  ${pad(target.name, 58)} ${pad(target.goal, 12)} ${target.actual}`);
  }
  return lines.join('\n');
}

export function jsonReport(results: Results) {
  const warm = results.warm;
  return {
    seed: results.seed,
    versions: results.versions,
    scenario: results.scenario,
    excluded: results.excluded,
    correctness: results.gate,
    checksPerSec: warm,
    ratioRandom: { casl: ratio(warm.rolecall?.random, warm.casl?.random), casbin: ratio(warm.rolecall?.random, warm.casbin?.random) },
    ratioSame: { casl: ratio(warm.rolecall?.same, warm.casl?.same), casbin: ratio(warm.rolecall?.same, warm.casbin?.same) },
    coldResolveUs: results.cold?.verdict.value ?? null,
    coldResolve: results.cold
      ? {
          judgedBy: results.cold.verdict.judgedBy,
          viaAccountUs: pick(results.cold.viaAccount),
          compileOnlyUs: pick(results.cold.compileOnly),
          caslUs: results.cold.casl ? pick(results.cold.casl) : null,
        }
      : null,
    changeToCheckP95Us: results.change?.plain.p95 ?? null,
    changeToCheck: results.change
      ? {
          judgedBy: results.change.verdict.judgedBy,
          plainUs: pick(results.change.plain),
          withOverridesUs: pick(results.change.withOverrides),
          caslUs: results.change.casl ? pick(results.change.casl) : null,
          casbinUs: results.change.casbin ? pick(results.change.casbin) : null,
        }
      : null,
    bytesPerMembership: results.memory.rolecall ?? null,
    bytesPerMembershipPeers: { casl: results.memory.casl ?? null, casbin: results.memory.casbin ?? null },
    middlewareCheckP95Ms: results.middleware?.latency.p95 ?? null,
    middlewareCheck: results.middleware
      ? { ...pick(results.middleware.latency), requests: results.middleware.requests, outcomes: results.middleware.outcomes, mismatches: results.middleware.mismatches }
      : null,
    targets: results.targets,
  };
}

function pick(latency: Latency) {
  return { p50: latency.p50, p95: latency.p95, p99: latency.p99, max: latency.max, samples: latency.samples };
}

export const format = { int, us, rate, bytes, times, fixed };
