/**
 * npm run bench:matrix [-- --seed=N] [-- --samples=N] [-- --members=N] [-- --keep]
 * npm run -s bench:matrix -- --json   (-s keeps npm's own banner off stdout)
 *
 * The permission matrix at 50 roles x 200 rows and 200,000 members (--members) on PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL, else
 * the local server; a database of its own, dropped at the end, even after Ctrl-C): the server render of
 * GET /settings/roles/matrix signed in, GET /settings/roles, and a cell toggle's round trip (the server action as the browser
 * posts it, its answer read whole), both by HTTP against `next start` on the current production build
 * (built first when there is none).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { humanReport, type MatrixResults } from './report';
import { SCALE, seedMatrixBench, type MatrixBench } from './seed';
import { measureServer, type Toggle } from './server';
import { benchAdminUrl, disposeOnInterrupt, ensureProductionBuild } from '../common/run';

const DEFAULT_SEED = 7;

function parseArgs(argv: readonly string[]) {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    json: argv.includes('--json'),
    keep: argv.includes('--keep'),
    seed: value('seed') ? Number(value('seed')) >>> 0 : DEFAULT_SEED,
    samples: Math.max(20, Number(value('samples') ?? 100) || 100),
    members: value('members') !== undefined ? Math.max(0, Number(value('members')) || 0) : SCALE.members,
  };
}

const progress = (message: string) => process.stderr.write(`[bench:matrix] ${message}\n`);

const packageVersion = (name: string) => {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

/** What the toggles flip: cells on the roots of the deepest chains (so many roles below follow), and a few leaves. */
function togglesOf(bench: MatrixBench): Toggle[] {
  const byReach = [...bench.customRoles].sort((a, b) => b.descendants - a.descendants);
  const names = ['crm.delete', 'billing.manage', 'webhooks.manage', bench.privileges[0]!, bench.privileges[77]!];
  return [...byReach.slice(0, 3), ...byReach.slice(-2)].flatMap((role, i) => [{ roleId: role.id, name: names[i % names.length]! }, { roleId: role.id, name: names[(i + 2) % names.length]! }]);
}

async function main() {
  const { json, keep, seed, samples, members } = parseArgs(process.argv.slice(2));
  const adminUrl = benchAdminUrl();
  ensureProductionBuild(progress);
  let bench: MatrixBench | undefined;
  disposeOnInterrupt(() => bench, progress);
  const started = performance.now();
  try {
    bench = await seedMatrixBench(adminUrl, seed, progress, keep, members);
    const result = (await bench.handle.db.execute(sql`select current_setting('server_version') as version`)) as unknown as { version: string }[];
    const loadAtStart = loadavg()[0]!;
    const server = await measureServer({
      databaseUrl: bench.databaseUrl,
      sessionId: bench.sessionId,
      db: bench.handle.db,
      toggles: togglesOf(bench),
      lastRoleName: bench.customRoles.at(-1)!.name,
      samples,
      warmup: 10,
      progress,
    });
    const results: MatrixResults = {
      seed,
      versions: { node: process.version, postgresql: String(result[0]?.version), next: packageVersion('next'), react: packageVersion('react') },
      scale: { roles: SCALE.roles, rows: 40 + bench.privileges.length, grantRows: bench.grantRows, deepest: Math.max(...bench.customRoles.map((role) => role.depth)), members: bench.members },
      ...server,
      load: { start: loadAtStart, end: loadavg()[0]!, cores: availableParallelism() },
    };
    progress(`done in ${Math.round((performance.now() - started) / 1000)} s`);
    const figures = { renderP95Ms: round(results.render.p95), rolesPageP95Ms: round(results.rolesPage.p95), toggleP95Ms: round(results.toggle.p95), members: bench.members };
    process.stdout.write(json ? `${JSON.stringify(figures)}\n` : `${humanReport(results)}\n`);
  } finally {
    await bench?.dispose();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

main().catch((error) => {
  process.stderr.write(`[bench:matrix] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
