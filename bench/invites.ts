/**
 * npm run bench:invites [-- --json]
 *
 * 1,000 invitations from one CSV, validated and stored with their outbox rows (and audit entries), on
 * PostgreSQL (a database of its own, dropped afterwards) and on PGlite (in memory). Target: under 3 s each.
 * Progress goes to stderr; with --json, stdout carries one JSON object: { postgres: { rows, ms }, pglite: { rows, ms } }.
 */
import { benchAdminUrl, createBenchDatabase } from './common/run';
import Papa from 'papaparse';
import { count, eq } from 'drizzle-orm';
import { openDatabase, setDbHandle, type DbHandle } from '@/db/client';
import { invitations, mailOutbox } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { inviteMembers } from '@/lib/dal/invitations/invite-members';
import { provisionAccount, provisionMember } from '@/lib/dal/setup/provision-account';
import { inviteSchema } from '@/lib/validation/invitations';

const ROWS = 1_000;
const TARGET_MS = 3_000;
const json = process.argv.includes('--json');
const log = (message: string) => process.stderr.write(`${message}\n`);

/** One CSV as an admin would upload it: email, role, first name, last name. */
function csvOf(rows: number): string {
  return Papa.unparse(
    Array.from({ length: rows }, (_, index) => ({ email: `person.${index}@bench.example`, role: index % 10 === 0 ? 'Guest' : 'User', 'first name': `First${index}`, 'last name': `Last${index}` })),
  );
}

async function measure(engine: 'postgres' | 'pglite', handle: DbHandle): Promise<{ rows: number; ms: number; stored: number; queued: number }> {
  setDbHandle(handle);
  const { accountId, roleIds, owner } = await handle.db.transaction(async (tx) => {
    const account = await provisionAccount(tx, 'Bench Co');
    const owner = await provisionMember(tx, { accountId: account.accountId, email: 'owner@bench.example', passwordHash: await hashPassword('bench owner password'), firstName: 'Bench', lastName: 'Owner', role: 'owner' });
    return { accountId: account.accountId, roleIds: account.roleIds, owner };
  });
  const actor = { userId: owner.userId, name: 'Bench Owner', accountId, membershipId: owner.membershipId };
  const csv = csvOf(ROWS);

  const started = performance.now();
  // What the dialog and the action do: read the CSV, validate, then validate and store every row.
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: 'greedy', transformHeader: (header) => header.trim().toLowerCase().replace(/[\s_-]+/g, '') });
  const input = inviteSchema.parse({
    rows: parsed.data.map((row) => ({ email: row.email, roleName: row.role, firstName: row.firstname, lastName: row.lastname })),
    roleId: roleIds.user,
  });
  const results = await inviteMembers(actor, input, { origin: 'http://localhost:3000' });
  const ms = performance.now() - started;

  const sent = results.filter((result) => result.outcome === 'sent').length;
  const [stored] = await handle.db.select({ n: count() }).from(invitations).where(eq(invitations.accountId, accountId));
  const [queued] = await handle.db.select({ n: count() }).from(mailOutbox).where(eq(mailOutbox.accountId, accountId));
  if (sent !== ROWS || Number(stored?.n) !== ROWS || Number(queued?.n) !== ROWS) {
    throw new Error(`${engine}: expected ${ROWS} invitations and mails, got ${sent} sent, ${stored?.n} stored, ${queued?.n} queued`);
  }
  log(`${engine}: ${ROWS} rows in ${ms.toFixed(0)} ms`);
  return { rows: ROWS, ms: Math.round(ms), stored: Number(stored?.n), queued: Number(queued?.n) };
}

async function main() {
  const database = await createBenchDatabase(benchAdminUrl(), 'rolecall_bench_invites');
  let pg: DbHandle | undefined;
  let lite: DbHandle | undefined;
  try {
    log('PostgreSQL: migrating a fresh database…');
    pg = await openDatabase({ engine: 'postgres', url: database.url, poolMax: 4, connectTimeoutSeconds: 10, migrateOnStart: true });
    const postgresResult = await measure('postgres', pg);
    log('PGlite: opening in memory…');
    lite = await openDatabase({ engine: 'pglite', dataDir: null });
    const pgliteResult = await measure('pglite', lite);
    const report = { postgres: { rows: postgresResult.rows, ms: postgresResult.ms }, pglite: { rows: pgliteResult.rows, ms: pgliteResult.ms }, targetMs: TARGET_MS };
    if (json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      console.log(`bench:invites — ${ROWS.toLocaleString('en')} invitations from one CSV, validated and stored with their outbox rows`);
      for (const [engine, result] of Object.entries({ postgres: postgresResult, pglite: pgliteResult })) {
        console.log(`  ${engine.padEnd(9)} ${String(result.ms).padStart(6)} ms   ${result.stored} invitations, ${result.queued} mails queued   ${result.ms < TARGET_MS ? 'PASS' : 'FAIL'} (< ${TARGET_MS} ms)`);
      }
    }
  } finally {
    setDbHandle(undefined);
    await pg?.close();
    await lite?.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
