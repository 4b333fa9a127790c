/**
 * npm run bench:users [-- --seed=N] [-- --server] [-- --no-pglite] [-- --keep] [-- --json-file=out.json]
 * npm run -s bench:users -- --json   (-s keeps npm's own banner off stdout)
 *
 * The Users tab at 200,000 members: fills one account of 200,000 (and 99 of ~8,000 around it, rows
 * interleaved) in a database of its own on PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL, else the
 * local server), dropped at the end; times the tab's query for every class of search, deep pages and the
 * total, shows each plan's scans, and the page's data work per request; the same on an in-memory PGlite at
 * 20,000. With --server (after `next build`) it also times GET /settings/users from `next start`; with
 * --keep the PostgreSQL database stays, to look at (its name is printed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { PGLITE_SCALE, POSTGRES_SCALE } from './users/data';
import { openPgliteBench, openPostgresBench, rowsOf, type BenchDatabase } from './users/engines';
import { humanReport, jsonReport, targetsOf, type Results } from './users/report';
import { measureEngine } from './users/run';
import { hasProductionBuild, measureServer } from './users/server';
import { benchAdminUrl, disposeOnInterrupt } from './common/run';

const DEFAULT_SEED = 42;
const SAMPLES = { postgres: 60, pglite: 30, server: 60 };

function parseArgs(argv: readonly string[]) {
  const seedArg = argv.find((arg) => arg.startsWith('--seed='));
  return {
    json: argv.includes('--json'),
    server: argv.includes('--server'),
    pglite: !argv.includes('--no-pglite'),
    keep: argv.includes('--keep'),
    jsonFile: argv.find((arg) => arg.startsWith('--json-file='))?.slice('--json-file='.length) ?? null,
    seed: seedArg ? Number(seedArg.slice('--seed='.length)) >>> 0 : DEFAULT_SEED,
  };
}

const progress = (message: string) => process.stderr.write(`[bench:users] ${message}\n`);

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const { json, server, pglite, seed, keep, jsonFile } = parseArgs(process.argv.slice(2));
  const adminUrl = benchAdminUrl();
  const started = performance.now();
  let open: BenchDatabase | undefined;
  disposeOnInterrupt(() => open, progress);
  try {
    open = await openPostgresBench(adminUrl, POSTGRES_SCALE, seed, progress, keep);
    const [{ version } = {}] = await rowsOf(open.handle.db, sql`select current_setting('server_version') as version`);
    const postgres = await measureEngine(open, SAMPLES.postgres, progress);
    let serverLatency: Results['server'] = null;
    let serverNote: string;
    if (server && hasProductionBuild()) {
      const url = new URL(adminUrl);
      url.pathname = `/${(await rowsOf(open.handle.db, sql`select current_database() as name`))[0]!.name}`;
      serverLatency = await measureServer(url.toString(), postgres.sessionId, postgres.queries, SAMPLES.server, progress);
      serverNote = 'The page was timed by HTTP against next start (the current production build) on the bench database.';
    } else {
      serverNote = server
        ? 'No production build (.next/BUILD_ID): run `npx next build` for the HTTP measurement. The page figure is the data work alone.'
        : 'The page figure is the data work per request alone (no HTTP, no React rendering); `-- --server` after `next build` times the real server response.';
    }
    await open.dispose();
    open = undefined;

    let lite: Results['pglite'] = null;
    if (pglite) {
      open = await openPgliteBench(PGLITE_SCALE, seed, progress);
      lite = await measureEngine(open, SAMPLES.pglite, progress);
      await open.dispose();
      open = undefined;
    }
    const results: Results = {
      seed,
      versions: { node: process.version, postgresql: String(version), '@electric-sql/pglite': packageVersion('@electric-sql/pglite'), 'drizzle-orm': packageVersion('drizzle-orm') },
      postgres,
      pglite: lite,
      server: serverLatency,
      serverNote,
      targets: [],
    };
    results.targets = targetsOf(results);
    progress(`done in ${Math.round((performance.now() - started) / 1000)} s`);
    // Six significant digits: more would be noise, not precision.
    const rounded = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value);
    const asJson = `${JSON.stringify(jsonReport(results), rounded, 2)}\n`;
    if (jsonFile) writeFileSync(jsonFile, asJson);
    process.stdout.write(json ? asJson : `${humanReport(results)}\n`);
  } finally {
    await open?.dispose();
  }
}

main().catch((error) => {
  process.stderr.write(`[bench:users] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
