/**
 * npm run bench:load [-- --duration=20] [-- --processes=N] [-- --seed=N] [-- --keep] [-- --small] [-- --save-html=DIR] [-- --only=/settings/users] [-- --hold]
 * npm run -s bench:load -- --json   (-s keeps npm's own banner off stdout)
 *
 * The pages under concurrent admins (issue 15, item 1): bench:users' PostgreSQL data (one account of
 * 200,000 members among 99 of ~8,000: about 1,000,000 memberships) in a database of its own, the app
 * started as `npm start` starts it (scripts/start.mjs: one server process per core, or --processes), the
 * account's Owner signed in, and each page hammered by autocannon for --duration seconds at 1 and then 10
 * connections: requests per second, p50/p95/p99 of every response (recorded one by one, so p95 is exact),
 * errors (a refused connection, a timeout or any answer but 200), and the page's HTML size. --small fills
 * bench:users' PGlite scale (20,000 in the account, about 100,000 in all) for a quick look while working on
 * a page: the targets are graded at the full scale only. --hold seeds, starts and signs in, writes the
 * server's address and session cookie to $TMPDIR/bench-load-hold.json and waits (SIGUSR2 ends it cleanly).
 */
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { setDbHandle } from '@/db/client';
import { hashPassword } from '@/lib/auth/password-hash';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { withNextServer } from './common/next-server';
import { OWNER_EMAIL, PGLITE_SCALE, POSTGRES_SCALE } from './users/data';
import { openPostgresBench, rowsOf, type BenchDatabase } from './users/engines';
import { latencyOf } from './users/measure';
import { benchAdminUrl, disposeOnInterrupt, ensureProductionBuild } from './common/run';

const OWNER_PASSWORD = 'bench load password';
/** Each page, and what its body must hold to count as the real page (not a redirect or an error page). */
const PAGES = [
  { path: '/settings/users', marker: 'data-testid="users-range"' },
  { path: '/settings/invites', marker: 'data-testid="invites-table"' },
  { path: '/settings/roles', marker: 'data-testid="roles-table"' },
  { path: '/dashboard', marker: 'Recent sign-ins' },
  { path: '/login', marker: 'type="password"', anonymous: true },
  // The floor: a page that reads nothing (no session, no database), only Next rendering a small form. What
  // it serves is about the most any page can serve on this machine.
  { path: '/forgot-password', marker: '<title>Forgot password', anonymous: true },
] as const;
const CONNECTIONS = [1, 10] as const;
export const TARGETS = { usersRps: 150, usersP95Ms: 100, usersHtmlBytes: 40 * 1024 };
/** Round 1's figures for /settings/users at 10 connections (one `next start`, issue 15's measurement). */
const BASELINE = { usersRps: 30, usersP95Ms: 476, usersHtmlBytes: 114 * 1024 };

interface PageResult {
  path: string;
  connections: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  htmlBytes: number;
  /** The same HTML gzipped (next start compresses its answers): about what travels. */
  gzipBytes: number;
}

function parseArgs(argv: readonly string[]) {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    json: argv.includes('--json'),
    keep: argv.includes('--keep'),
    hold: argv.includes('--hold'),
    small: argv.includes('--small'),
    saveHtml: value('save-html') ?? null,
    only: value('only') ?? null,
    duration: Math.max(3, Number(value('duration') ?? 20) || 20),
    processes: value('processes') ? Math.max(1, Number(value('processes')) || 1) : availableParallelism(),
    seed: value('seed') ? Number(value('seed')) >>> 0 : 42,
  };
}

const progress = (message: string) => process.stderr.write(`[bench:load] ${message}\n`);

/** One page at one concurrency for `duration` seconds: every response's time kept, so the percentiles are exact. */
async function hammer(url: string, cookie: string | null, connections: number, duration: number): Promise<Omit<PageResult, 'path' | 'connections' | 'htmlBytes' | 'gzipBytes'>> {
  const times: number[] = [];
  let wrong = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, headers: cookie ? { cookie } : {}, timeout: 10 }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode !== 200) wrong += 1;
    });
  });
  const latency = latencyOf(times);
  return { rps: times.length / duration, p50Ms: latency.p50, p95Ms: latency.p95, p99Ms: latency.p99, errors: wrong + result.errors + result.timeouts };
}

async function main() {
  const { json, keep, hold, small, saveHtml, only, duration, processes, seed } = parseArgs(process.argv.slice(2));
  const adminUrl = benchAdminUrl();
  ensureProductionBuild(progress);
  let bench: BenchDatabase | undefined;
  disposeOnInterrupt(() => bench, progress);
  try {
    bench = await openPostgresBench(adminUrl, small ? PGLITE_SCALE : POSTGRES_SCALE, seed, progress, keep);
    setDbHandle(bench.handle);
    const db = bench.handle.db;
    await db.execute(sql`update users set password_hash = ${await hashPassword(OWNER_PASSWORD)} where id = ${bench.owner.userId}`);
    // The Invites tab shows a full page: 2,000 invitations in the account, a tenth of them accepted or revoked.
    await db.execute(sql`insert into invitations (account_id, email, first_name, last_name, role_id, sent_by_user_id, sent_by_name, expires_at, created_at, accepted_at, revoked_at)
      select ${bench.accountId}, 'invitee' || g || '@load.bench', 'Invitee', 'Number ' || g,
        (select id from roles where account_id = ${bench.accountId} and builtin_key = 'user'), ${bench.owner.userId}, 'Bench Owner',
        now() + interval '7 days' - interval '1 minute' * g, now() - interval '1 minute' * g,
        case when g % 20 = 0 then now() end, case when g % 20 = 1 then now() end
      from generate_series(1, 2000) g`);
    const signedIn = await signInWithPassword({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, { ip: '203.0.113.9', userAgent: 'bench:load' });
    if (!signedIn.ok) throw new Error(`cannot sign in as the bench Owner: ${signedIn.code}`);
    const databaseUrl = new URL(adminUrl);
    databaseUrl.pathname = `/${(await rowsOf(db, sql`select current_database() as name`))[0]!.name}`;

    const pages = await withNextServer({ databaseUrl: databaseUrl.toString(), sessionId: signedIn.sessionId, progress, npmStart: { processes } }, async ({ base, cookie }) => {
      const results: PageResult[] = [];
      if (hold) {
        // --hold: the seeded, signed-in server for experiments by hand (curl, autocannon, a profiler), until Ctrl-C.
        process.stderr.write(`holding ${base} — cookie:\n${cookie}\n`);
        writeFileSync(path.join(tmpdir(), 'bench-load-hold.json'), JSON.stringify({ base, cookie }));
        await new Promise<void>((resolve) => process.once('SIGUSR2', () => resolve()));
        return results;
      }
      for (const page of PAGES.filter((candidate) => !only || candidate.path === only)) {
        const headers: Record<string, string> = 'anonymous' in page ? {} : { cookie };
        const response = await fetch(`${base}${page.path}`, { headers, redirect: 'manual' });
        const body = await response.text();
        if (response.status !== 200 || !body.includes(page.marker)) {
          throw new Error(`GET ${page.path} answered ${response.status} without the page (${response.headers.get('location') ?? body.slice(0, 160)})`);
        }
        if (saveHtml) {
          mkdirSync(saveHtml, { recursive: true });
          writeFileSync(path.join(saveHtml, `${page.path.slice(1).replaceAll('/', '-')}.html`), body);
        }
        // Warm every process (the cluster hands connections round the workers) before timing.
        await hammer(`${base}${page.path}`, 'anonymous' in page ? null : cookie, processes * 2, 3);
        for (const connections of CONNECTIONS) {
          progress(`${page.path}: ${connections} connection${connections === 1 ? '' : 's'} for ${duration} s`);
          const figures = await hammer(`${base}${page.path}`, 'anonymous' in page ? null : cookie, connections, duration);
          results.push({ path: page.path, connections, ...figures, htmlBytes: Buffer.byteLength(body), gzipBytes: gzipSync(body).length });
        }
      }
      return results;
    });
    const cpu = { cores: availableParallelism(), model: cpus()[0]?.model ?? 'unknown', loadAverage: loadavg()[0]! };
    process.stdout.write(json ? `${JSON.stringify({ pages: pages.map(round), processes, cpu, durationSeconds: duration, members: bench.members, graded: !small })}\n` : `${humanReport(pages, processes, cpu, duration, bench.members, small)}\n`);
  } finally {
    setDbHandle(undefined);
    await bench?.dispose();
  }
}

const r1 = (value: number) => Math.round(value * 10) / 10;
const round = (page: PageResult): PageResult => ({ ...page, rps: r1(page.rps), p50Ms: r1(page.p50Ms), p95Ms: r1(page.p95Ms), p99Ms: r1(page.p99Ms) });

function humanReport(pages: PageResult[], processes: number, cpu: { cores: number; model: string; loadAverage: number }, duration: number, members: number, small: boolean): string {
  const users = pages.find((page) => page.path === '/settings/users' && page.connections === 10);
  const floor = pages.find((page) => page.path === '/forgot-password' && page.connections === 10);
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const ratio = (now: number, before: number) => `${(now / before).toFixed(2)}x round 1`;
  return [
    `bench:load: ${members.toLocaleString('en')} members in the measured account (${small ? 'about 100,000' : 'about 1,000,000'} memberships in all) on PostgreSQL; npm start with ${processes} server process${processes === 1 ? '' : 'es'}; autocannon, ${duration} s per page and concurrency, signed in as the account's Owner (/login anonymous)`,
    `machine: ${cpu.cores} cores (${cpu.model}), load average ${cpu.loadAverage.toFixed(1)} at the end`,
    '',
    'page                connections     req/s    p50 ms    p95 ms    p99 ms   errors   HTML (gzipped)',
    ...pages.map(
      (page) =>
        `${page.path.padEnd(20)}${String(page.connections).padStart(11)}${page.rps.toFixed(1).padStart(10)}${page.p50Ms.toFixed(1).padStart(10)}${page.p95Ms.toFixed(1).padStart(10)}${page.p99Ms.toFixed(1).padStart(10)}${String(page.errors).padStart(9)}   ${(page.htmlBytes / 1024).toFixed(1)} KB (${(page.gzipBytes / 1024).toFixed(1)} KB)`,
    ),
    '',
    ...(users
      ? [
          small ? 'Targets (/settings/users at 10 connections) — NOT GRADED: --small is not the workload the targets name' : 'Targets (/settings/users at 10 connections)',
          `  ${pass(users.rps >= TARGETS.usersRps)}  ${users.rps.toFixed(1)} req/s >= ${TARGETS.usersRps} (goal 300)   ${ratio(users.rps, BASELINE.usersRps)}`,
          `  ${pass(users.p95Ms < TARGETS.usersP95Ms)}  p95 ${users.p95Ms.toFixed(1)} ms < ${TARGETS.usersP95Ms} (goal 50)   ${ratio(users.p95Ms, BASELINE.usersP95Ms)}`,
          `  ${pass(users.htmlBytes < TARGETS.usersHtmlBytes)}  HTML of 25 rows ${(users.htmlBytes / 1024).toFixed(1)} KB < 40 KB   ${ratio(users.htmlBytes, BASELINE.usersHtmlBytes)}`,
        ]
      : []),
    `  ${pass(pages.every((page) => page.errors === 0))}  no errors on any page`,
    ...(users && floor
      ? [
          '',
          `The floor (/forgot-password: no session, no database, a small form) serves ${floor.rps.toFixed(1)} req/s at p95 ${floor.p95Ms.toFixed(1)} ms at 10 connections`,
          `on this machine: /settings/users serves ${Math.round((100 * users.rps) / floor.rps)}% of it.`,
        ]
      : []),
  ].join('\n');
}

main().catch((error) => {
  process.stderr.write(`[bench:load] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
