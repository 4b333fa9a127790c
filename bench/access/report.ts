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
  /** The target, as a threshold ("< 10 µs"). */
  goal: string;
  actual: string;
  /** null: could not be measured in this run. */
  pass: boolean | null;
  /** The issue's further goal, beyond the target, and whether this run meets it. */
  stretchGoal?: string;
  stretchMet?: boolean | null;
  /** The figure's baseline measured in the same run, and how the figure compares with it. */
  baseline?: string;
}

export type Rates = { same: number; random: number; iterations: number };

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
  /** What each figure times, in words: printed with it. */
  workloads: Record<'warm' | 'ceiling' | 'cold' | 'change' | 'memory' | 'middleware', string>;
  builds: Record<Impl, { ms: number; bytes: number | null }>;
  gate: Record<Impl | 'casbinDefaultRoleManager', GateResult>;
  excluded: Partial<Record<Impl, string>>;
  warm: Partial<Record<Impl, Rates>>;
  /** The no-op checker, in the same rounds as the others. */
  ceiling: Rates | null;
  cold: { roles: number; maxDepth: number; account: Latency; sharedStrings: Latency; allRoles: Latency; verdict: Verdict; casl?: Latency } | null;
  change: {
    roleId: string;
    roleDepth: number;
    rolesBelow: number;
    checkedRoleId: string;
    checkedDepth: number;
    permission: string;
    plain: Latency;
    withOverrides: Latency;
    verdict: Verdict;
    casl?: Latency;
    casbin?: Latency;
  } | null;
  memory: Partial<Record<Impl, number | null>>;
  /** The resolver's cache per membership: members holding only shared roles (no overrides), and all members. */
  memoryShared: { members: number; bytes: number | null; allBytes: number | null } | null;
  middleware: (MiddlewareResult & { verdict: Verdict }) | null;
  /** Issue 16: the same checks with members also in groups (their role sets larger), in the same rounds. */
  groups: {
    groups: number;
    averageRoles: number;
    distinctRoleSets: number;
    gate: GateResult;
    plainRandom: number;
    groupedRandom: number;
    /** The plain scenario with every member in a compiled object of their own (the control). */
    slotEachRandom: number;
    ratio: number;
    bytesPerMembership: number | null;
    bytesPerMembershipAll: number | null;
  } | null;
  /** Issue 17: the same checks with licence pools gating some permissions, in the same rounds. */
  licences: {
    pools: number;
    gatedPermissions: number;
    holderShare: number;
    holders: number;
    /** Distinct compiled objects the members' checks read (roles shared, slots per roles-and-licences). */
    distinctAccesses: number;
    gate: GateResult;
    plainRandom: number;
    licensedRandom: number;
    ratio: number;
  } | null;
  targets: Target[];
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const us = (value: number) => `${fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0)} µs`;
const rate = (value: number) => (value >= 1e6 ? `${fixed(value / 1e6, 2)} M/s` : value >= 1e3 ? `${fixed(value / 1e3, 1)} k/s` : `${fixed(value, 0)} /s`);
const bytes = (value: number | null | undefined) => (value == null ? 'n/a (run node with --expose-gc)' : value >= 10_240 ? `${fixed(value / 1024, 1)} KB` : `${int(value)} B`);
const times = (value: number) => `${fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0)}×`;
const percent = (value: number) => `${fixed(value * 100, 0)}%`;
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
  const w = results.workloads;
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
  out(`  workload: ${w.warm}`);
  const ours = results.warm.rolecall;
  for (const impl of IMPLS) {
    const warm = results.warm[impl];
    if (!warm) continue;
    const vs = impl === 'rolecall' || !ours ? '' : `   rolecall is ${times(ours.same / warm.same)} / ${times(ours.random / warm.random)}`;
    out(`  ${pad(IMPL_LABELS[impl], 44)} ${pad(rate(warm.same), 14)} ${pad(rate(warm.random), 12)}${vs}`);
  }
  if (results.ceiling) {
    const c = results.ceiling;
    const share = ours ? `   rolecall reaches ${percent(ours.same / c.same)} / ${percent(ours.random / c.random)} of it` : '';
    out(`  ${pad('no-op checker (the ceiling)', 44)} ${pad(rate(c.same), 14)} ${pad(rate(c.random), 12)}${share}`);
    out(`  ceiling: ${w.ceiling}`);
  }

  if (results.cold) {
    const cold = results.cold;
    out();
    out(`Cold: an account of ${cold.roles} roles (chains up to ${cold.maxDepth} links) loaded, compiled and its first check answered`);
    out(`  workload: ${w.cold}`);
    out(`  ${pad('the app’s cold path (strings fresh, as loaded)', 44)} ${lat(cold.account)}`);
    out(`  ${pad('  … with strings already hashed', 44)} ${lat(cold.sharedStrings)}`);
    out(`  ${pad('  … and every role compiled too', 44)} ${lat(cold.allRoles)}`);
    if (cold.casl) out(`  ${pad('CASL: every role’s rules, then the user’s Ability', 44)} ${lat(cold.casl)}   rolecall is ${times(cold.casl.p95 / cold.account.p95)} at p95`);
  }

  if (results.change) {
    const change = results.change;
    out();
    out(
      `Role change → first check that sees it (${change.roleId}, depth ${change.roleDepth}, ${change.rolesBelow} roles below it, toggles ${change.permission}; ` +
        `checked on a member of ${change.checkedRoleId}, depth ${change.checkedDepth})`,
    );
    out(`  workload: ${w.change}`);
    out(`  ${pad('applyRole + getWarmAccess + holds', 44)} ${lat(change.plain)}`);
    out(`  ${pad('  … for a member with overrides (own slot)', 44)} ${lat(change.withOverrides)}`);
    if (change.casl) out(`  ${pad('CASL: mark stale, rebuild the user’s Ability', 44)} ${lat(change.casl)}   rolecall is ${times(change.casl.p95 / change.plain.p95)} at p95`);
    if (change.casbin) out(`  ${pad('casbin: addPolicy/removePolicy + enforceSync', 44)} ${lat(change.casbin)}   rolecall is ${times(change.casbin.p95 / change.plain.p95)} at p95`);
    out('  (every change was asserted to be visible to the check that followed it)');
  }

  out();
  out(`Memory per membership (heap after full GC, shared state included; the membership ids themselves not counted)`);
  out(`  workload: ${w.memory}`);
  const shared = results.memoryShared;
  if (shared) {
    out(`  ${pad(`rolecall cache, ${int(shared.members)} members holding only shared roles`, 44)} ${bytes(shared.bytes)}`);
    out(`  ${pad(`rolecall cache, all ${int(s.users)} members`, 44)} ${bytes(shared.allBytes)}`);
  }
  for (const impl of IMPLS) {
    if (impl === 'rolecall' || !(impl in results.memory)) continue;
    const build = results.builds[impl];
    out(`  ${pad(`${IMPL_LABELS[impl]}, all ${int(s.users)} members`, 44)} ${pad(bytes(results.memory[impl]), 12)} (built in ${int(build.ms)} ms)`);
  }

  if (results.groups) {
    const g = results.groups;
    out();
    out(`Members in groups (issue 16): ${int(g.groups)} groups of 0–3 roles, each member in 0–20 of them; their roles are their own and their groups'`);
    out(`  ${pad('roles per member (average), distinct role sets', 44)} ${fixed(g.averageRoles, 1)}, ${int(g.distinctRoleSets)}`);
    out(`  ${pad('correctness (as the plain scenario’s gate)', 44)} ${g.gate.problem ?? `${int(g.gate.checked)} answers as naiveCheck`}`);
    out(`  ${pad('warm random checks, without / with groups', 44)} ${rate(g.plainRandom)} / ${rate(g.groupedRandom)} (${percent(g.ratio)})`);
    out(`  ${pad('control: no groups, an object per member', 44)} ${rate(g.slotEachRandom)} (${percent(g.slotEachRandom / g.plainRandom)} of without; with groups is ${percent(g.groupedRandom / g.slotEachRandom)} of it)`);
    out(`  ${pad('cache per membership: only shared roles / all', 44)} ${bytes(g.bytesPerMembership)} / ${bytes(g.bytesPerMembershipAll)}`);
  }

  if (results.licences) {
    const l = results.licences;
    out();
    out(`Licence gating (issue 17): ${int(l.pools)} pools gating ${int(l.gatedPermissions)} permissions the roles grant; ${int(l.holders)} members hold 1–3 of them`);
    out(`  ${pad('distinct compiled accesses the checks read', 44)} ${int(l.distinctAccesses)}`);
    out(`  ${pad('correctness (as the plain scenario’s gate)', 44)} ${l.gate.problem ?? `${int(l.gate.checked)} answers as naiveCheck`}`);
    out(`  ${pad('warm random checks, ungated / gated', 44)} ${rate(l.plainRandom)} / ${rate(l.licensedRandom)} (${percent(l.ratio)})`);
  }

  if (results.middleware) {
    const mw = results.middleware;
    out();
    out('Permission check in middleware.ts, warm cache (requiredPermissionFor + AccessCache.getAccess + hasPermission)');
    out(`  workload: ${w.middleware}`);
    out(`  ${pad('per request, real permission catalogue', 44)} ${lat(mw.latency, (ms) => `${fixed(ms, 4)} ms`)}`);
    out(`  ${pad('decisions', 44)} ${int(mw.outcomes.allowed)} allowed, ${int(mw.outcomes.denied)} denied, ${int(mw.outcomes.open)} need no permission; ${int(mw.mismatches)} differ from naiveCheck`);
  }

  out();
  out('Targets');
  for (const target of results.targets) {
    const mark = target.pass === null ? 'N/A ' : target.pass ? 'PASS' : 'FAIL';
    const stretch = target.stretchGoal ? `   goal ${target.stretchGoal}: ${target.stretchMet === null ? 'n/a' : target.stretchMet ? 'met' : 'not met'}` : '';
    out(`  ${mark}  ${pad(target.name, 58)} ${pad(target.goal, 12)} ${target.actual}${stretch}`);
    if (target.baseline) out(`        ${pad('', 58)} ${pad('', 12)} baseline: ${target.baseline}`);
  }
  return lines.join('\n');
}

export function jsonReport(results: Results) {
  const warm = results.warm;
  const cold = results.cold;
  const change = results.change;
  return {
    seed: results.seed,
    versions: results.versions,
    scenario: results.scenario,
    workloads: results.workloads,
    excluded: results.excluded,
    correctness: results.gate,
    checksPerSec: { ...warm, noop: results.ceiling ?? undefined },
    ratioRandom: { casl: ratio(warm.rolecall?.random, warm.casl?.random), casbin: ratio(warm.rolecall?.random, warm.casbin?.random) },
    ratioSame: { casl: ratio(warm.rolecall?.same, warm.casl?.same), casbin: ratio(warm.rolecall?.same, warm.casbin?.same) },
    ceilingShare: ratio(warm.rolecall?.random, results.ceiling?.random),
    ceilingShareSame: ratio(warm.rolecall?.same, results.ceiling?.same),
    coldAccountP95Us: cold?.account.p95 ?? null,
    coldAccount: cold
      ? {
          roles: cold.roles,
          freshStringsUs: pick(cold.account),
          sharedStringsUs: pick(cold.sharedStrings),
          allRolesCompiledUs: pick(cold.allRoles),
          caslUs: cold.casl ? pick(cold.casl) : null,
        }
      : null,
    changeToCheckRootP95Us: change?.plain.p95 ?? null,
    changeToCheckRoot: change
      ? {
          roleId: change.roleId,
          rolesBelow: change.rolesBelow,
          checkedRoleId: change.checkedRoleId,
          plainUs: pick(change.plain),
          withOverridesUs: pick(change.withOverrides),
          caslUs: change.casl ? pick(change.casl) : null,
          casbinUs: change.casbin ? pick(change.casbin) : null,
        }
      : null,
    bytesPerMembership: results.memoryShared?.bytes ?? null,
    bytesPerMembershipAll: results.memoryShared?.allBytes ?? null,
    groups: results.groups ? { ...results.groups, gate: undefined, correct: !results.groups.gate.problem } : null,
    licences: results.licences ? { ...results.licences, gate: undefined, correct: !results.licences.gate.problem } : null,
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

export const format = { int, us, rate, bytes, times, fixed, percent };
