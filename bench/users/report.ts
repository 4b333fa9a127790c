import type { Latency } from './measure';
import type { ClassResult, EngineResults } from './run';

export const TARGETS = { classP95Ms: 25, pageP95Ms: 150 };

export interface Target {
  name: string;
  goal: string;
  actual: string;
  pass: boolean | null;
}

export interface Results {
  seed: number;
  versions: Record<string, string>;
  postgres: EngineResults;
  pglite: EngineResults | null;
  /** The page by HTTP from `next start`, when --server ran it. */
  server: (Latency & { bytes: number }) | null;
  serverNote: string;
  targets: Target[];
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));
const pad = (text: string, width: number) => text.padEnd(width);
const padStart = (text: string, width: number) => text.padStart(width);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The page's p95 the targets judge: the server's when it was measured, else the data work's. */
export const pageLatency = (results: Results) => results.server ?? results.postgres.pageData;

export function targetsOf(results: Results): Target[] {
  const targets: Target[] = results.postgres.classes
    .filter((entry) => entry.required)
    .map((entry) => ({
      name: `${entry.label} (PostgreSQL, ${int(results.postgres.members)} members)`,
      goal: `p95 < ${TARGETS.classP95Ms} ms`,
      actual: `${ms(entry.latency.p95)} ms`,
      pass: entry.latency.p95 < TARGETS.classP95Ms,
    }));
  targets.push({
    name: `"1–25 of N" alone (PostgreSQL)`,
    goal: `p95 < ${TARGETS.classP95Ms} ms`,
    actual: `${ms(results.postgres.total.p95)} ms`,
    pass: results.postgres.total.p95 < TARGETS.classP95Ms,
  });
  const page = pageLatency(results);
  targets.push({
    name: results.server ? 'page, server response (GET /settings/users)' : 'page, data work per request (no HTTP, no rendering)',
    goal: `p95 < ${TARGETS.pageP95Ms} ms`,
    actual: `${ms(page.p95)} ms`,
    pass: page.p95 < TARGETS.pageP95Ms,
  });
  targets.push({
    name: 'trigger-kept copies match their sources after the fill',
    goal: '0 stale',
    actual: `${results.postgres.stale.rows + results.postgres.stale.counts + (results.pglite ? results.pglite.stale.rows + results.pglite.stale.counts : 0)} stale`,
    pass: results.postgres.stale.rows + results.postgres.stale.counts === 0 && (!results.pglite || results.pglite.stale.rows + results.pglite.stale.counts === 0),
  });
  return targets;
}

function pathsOf(entry: ClassResult): string {
  const counts = new Map<string, number>();
  for (const query of entry.queries) counts.set(query.path, (counts.get(query.path) ?? 0) + 1);
  return [...counts].map(([path, n]) => (entry.queries.length > 1 ? `${path}×${n}` : path)).join(' ');
}

function matchesOf(entry: ClassResult): string {
  return entry.queries.map((query) => (query.exact ? int(query.total) : `~${int(query.total)} (${int(query.matches)})`)).join(' ');
}

/** How far the "about N" of the searches was from the true count, at worst (relative). */
function estimateError(engine: EngineResults): { worst: number; term: string } {
  let worst = { worst: 0, term: '' };
  for (const entry of engine.classes) {
    for (const query of entry.queries) {
      if (query.exact || query.matches === 0) continue;
      const error = Math.abs(query.total - query.matches) / query.matches;
      if (error > worst.worst) worst = { worst: error, term: query.describe };
    }
  }
  return worst;
}

export function humanReport(results: Results): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const { postgres: pg, pglite } = results;
  out(`bench:users: seed ${results.seed}; ${Object.entries(results.versions).map(([name, version]) => `${name} ${version}`).join(', ')}`);
  out(
    `PostgreSQL: one account of ${int(pg.members)} members among 99 others, ${int(pg.rows)} memberships interleaved; filled and indexed in ${ms(pg.fillMs / 1000)} s` +
      (pglite ? `\nPGlite (in memory): ${int(pglite.members)} members among 99 others, ${int(pglite.rows)} memberships; filled in ${ms(pglite.fillMs / 1000)} s` : ''),
  );
  out(`trigger-kept copies after the fill: ${pg.stale.rows} stale rows, ${pg.stale.counts} stale counts (PostgreSQL)${pglite ? `; ${pglite.stale.rows}, ${pglite.stale.counts} (PGlite)` : ''}`);
  out(`sizes (PostgreSQL): ${pg.sizes.map((size) => `${size.table} ${mb(size.bytes)}`).join(', ')}`);

  out();
  out('The Users-tab query per URL (findMemberPage: the page of rows, its details and roles, the total; what listMembers runs), ms');
  out(`  ${pad('class', 40)} ${padStart('PG p50', 7)} ${padStart('p95', 7)} ${padStart('PGlite p50', 11)} ${padStart('p95', 7)}   ${pad('path', 22)} matches (PostgreSQL)`);
  for (const entry of pg.classes) {
    const lite = pglite?.classes.find((other) => other.name === entry.name);
    const liteText = lite ? `${padStart(ms(lite.latency.p50), 11)} ${padStart(ms(lite.latency.p95), 7)}` : `${padStart('n/a', 11)} ${padStart('', 7)}`;
    if (!entry.required && entry === pg.classes.find((other) => !other.required)) out('  beside the targets:');
    out(`  ${pad(entry.label, 40)} ${padStart(ms(entry.latency.p50), 7)} ${padStart(ms(entry.latency.p95), 7)} ${liteText}   ${pad(pathsOf(entry), 22)} ${matchesOf(entry)}`);
  }
  out(`  ${pad('"1–25 of N" alone (count or sample)', 40)} ${padStart(ms(pg.total.p50), 7)} ${padStart(ms(pg.total.p95), 7)} ${pglite ? `${padStart(ms(pglite.total.p50), 11)} ${padStart(ms(pglite.total.p95), 7)}` : ''}`);
  out(`  (${int(pg.classes[0]!.latency.samples)} timed runs per class on PostgreSQL, cycling through its terms, after 6 untimed rounds)`);
  const error = estimateError(pg);
  out(`  ~N (M): estimated N, shown as "about N", where M match; the worst estimate was ${(error.worst * 100).toFixed(0)}% off (${error.term || 'none'})`);
  out();
  out('The whole page');
  out(
    `  ${pad('data work per request (session, access, members ‖ options)', 66)} PG p50 ${ms(pg.pageData.p50)}  p95 ${ms(pg.pageData.p95)}` +
      (pglite ? `   PGlite p50 ${ms(pglite.pageData.p50)}  p95 ${ms(pglite.pageData.p95)}` : ''),
  );
  out(
    `  ${pad('  of which listRoleOptions alone (the role picker: no member counts)', 66)} PG p50 ${ms(pg.roleOptions.p50)}  p95 ${ms(pg.roleOptions.p95)}` +
      (pglite ? `   PGlite p50 ${ms(pglite.roleOptions.p50)}  p95 ${ms(pglite.roleOptions.p95)}` : ''),
  );
  if (results.server) {
    out(`  ${pad(`server response, GET /settings/users by HTTP from next start (${int(results.server.bytes)} B)`, 66)} PG p50 ${ms(results.server.p50)}  p95 ${ms(results.server.p95)}`);
  }
  out(`  ${results.serverNote}`);

  out();
  out('Plans (EXPLAIN ANALYZE, BUFFERS) on PostgreSQL, for every term of every class: the scans each step made');
  for (const entry of pg.classes) {
    out(`  ${entry.label}`);
    for (const query of entry.queries) {
      const steps = query.plans.map((plan) => `${plan.step}: ${plan.scans.join(' + ') || '(no scan)'} ${ms(plan.executionMs)} ms, ${int(plan.buffers)} buffers${plan.jit ? ', JIT' : ''}`);
      out(`    ${pad(query.describe, 24)} ${query.path.padEnd(11)} ${steps.join('; ')}`);
    }
  }

  out();
  out('Targets');
  for (const target of results.targets) {
    const mark = target.pass === null ? 'N/A ' : target.pass ? 'PASS' : 'FAIL';
    out(`  ${mark}  ${pad(target.name, 66)} ${pad(target.goal, 14)} ${target.actual}`);
  }
  return lines.join('\n');
}

const pick = (latency: Latency) => ({ p50: latency.p50, p95: latency.p95, p99: latency.p99, max: latency.max, samples: latency.samples });

function engineJson(engine: EngineResults) {
  return Object.fromEntries([...engine.classes.map((entry) => [entry.name, pick(entry.latency)]), ['total', pick(engine.total)]]);
}

export function jsonReport(results: Results) {
  const page = pageLatency(results);
  return {
    seed: results.seed,
    versions: results.versions,
    scenario: {
      postgres: { members: results.postgres.members, memberships: results.postgres.rows, fillMs: results.postgres.fillMs },
      pglite: results.pglite ? { members: results.pglite.members, memberships: results.pglite.rows, fillMs: results.pglite.fillMs } : null,
    },
    postgres: engineJson(results.postgres),
    pglite: results.pglite ? engineJson(results.pglite) : null,
    pageP95Ms: page.p95,
    page: {
      measuredAs: results.server ? 'http' : 'data work',
      note: results.serverNote,
      http: results.server ? pick(results.server) : null,
      dataWork: { postgres: pick(results.postgres.pageData), pglite: results.pglite ? pick(results.pglite.pageData) : null },
      roleOptionsAlone: { postgres: pick(results.postgres.roleOptions), pglite: results.pglite ? pick(results.pglite.roleOptions) : null },
    },
    classes: Object.fromEntries(
      results.postgres.classes.map((entry) => [
        entry.name,
        {
          label: entry.label,
          required: entry.required,
          queries: entry.queries.map((query) => ({
            query: query.describe,
            path: query.path,
            total: query.total,
            exact: query.exact,
            matches: query.matches,
            plans: query.plans.map((plan) => ({ step: plan.step, scans: plan.scans, ms: plan.executionMs, buffers: plan.buffers, jit: plan.jit })),
          })),
          pglitePaths: results.pglite?.classes.find((other) => other.name === entry.name)?.queries.map((query) => query.path) ?? null,
        },
      ]),
    ),
    estimateWorstError: { postgres: estimateError(results.postgres).worst, pglite: results.pglite ? estimateError(results.pglite).worst : null },
    stale: { postgres: results.postgres.stale, pglite: results.pglite?.stale ?? null },
    sizes: results.postgres.sizes,
    targets: results.targets,
  };
}
