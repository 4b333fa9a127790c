/**
 * npm run bench:groups [-- --json]
 *
 * Issue 16: 10,000 members added to a group in one go (one transaction, one notification), on PostgreSQL
 * (a database of its own, dropped afterwards; BENCH_DATABASE_URL or DATABASE_URL names the server, default
 * the local one) and on PGlite in memory. The group carries a role, so the add is an access change: the
 * escalation check, the write, the audit entry and the NOTIFY are all in what is timed, as addGroupMembers
 * runs them for the app. Each round adds the 10,000 and then removes them (timed apart). Target: under 3 s.
 * Progress goes to stderr; with --json, stdout carries one JSON object.
 */
import { benchAdminUrl, createBenchDatabase } from './common/run';
import { sql } from 'drizzle-orm';
import { openDatabase, setDbHandle, type DbHandle } from '@/db/client';
import { hashPassword } from '@/lib/auth/password-hash';
import { addGroupMembers, removeGroupMembers } from '@/lib/dal/organization/group-members';
import { createGroup } from '@/lib/dal/organization/groups';
import { provisionAccount, provisionMember } from '@/lib/dal/setup/provision-account';
import { groupInputSchema } from '@/lib/validation/organization';

const MEMBERS = 10_000;
const ROUNDS = 5;
const TARGET_MS = 3_000;
const json = process.argv.includes('--json');
const log = (message: string) => process.stderr.write(`[bench:groups] ${message}\n`);

interface EngineResult {
  members: number;
  rounds: number;
  addMs: { p50: number; max: number };
  removeMs: { p50: number; max: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(engine: 'postgres' | 'pglite', handle: DbHandle): Promise<EngineResult> {
  setDbHandle(handle);
  const { accountId, roleIds, owner } = await handle.db.transaction(async (tx) => {
    const account = await provisionAccount(tx, 'Bench Co');
    const owner = await provisionMember(tx, { accountId: account.accountId, email: 'owner@bench.example', passwordHash: await hashPassword('bench owner password'), firstName: 'Bench', lastName: 'Owner', role: 'owner' });
    return { accountId: account.accountId, roleIds: account.roleIds, owner };
  });
  const actor = { userId: owner.userId, name: 'Bench Owner', accountId, membershipId: owner.membershipId };
  log(`${engine}: ${MEMBERS.toLocaleString('en')} members`);
  const created = await handle.db.execute<{ id: string }>(sql`
    with people as (
      insert into users (email, first_name, last_name)
      select 'member' || g || '@bench.example', 'Member', 'Number ' || g from generate_series(1, ${MEMBERS}::int) g
      returning id
    )
    insert into memberships (account_id, user_id) select ${accountId}, id from people returning id`);
  const ids = (Array.isArray(created) ? created : (created as unknown as { rows: { id: string }[] }).rows).map((row) => String(row.id));
  const { id: groupId } = await createGroup(actor, groupInputSchema.parse({ name: 'Everyone', roleIds: [roleIds.admin] }));

  const adds: number[] = [];
  const removes: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    let started = performance.now();
    const { added } = await addGroupMembers(actor, groupId, ids);
    adds.push(performance.now() - started);
    if (added !== MEMBERS) throw new Error(`${engine}: ${added} added, expected ${MEMBERS}`);
    started = performance.now();
    const { removed } = await removeGroupMembers(actor, groupId, ids);
    removes.push(performance.now() - started);
    if (removed !== MEMBERS) throw new Error(`${engine}: ${removed} removed, expected ${MEMBERS}`);
    log(`${engine}: round ${round + 1}: add ${adds.at(-1)!.toFixed(0)} ms, remove ${removes.at(-1)!.toFixed(0)} ms`);
  }
  return { members: MEMBERS, rounds: ROUNDS, addMs: { p50: Math.round(median(adds)), max: Math.round(Math.max(...adds)) }, removeMs: { p50: Math.round(median(removes)), max: Math.round(Math.max(...removes)) } };
}

async function main() {
  const database = await createBenchDatabase(benchAdminUrl(), 'rolecall_bench_groups');
  let pg: DbHandle | undefined;
  let lite: DbHandle | undefined;
  try {
    log('PostgreSQL: migrating a fresh database…');
    pg = await openDatabase({ engine: 'postgres', url: database.url, poolMax: 4, connectTimeoutSeconds: 10, migrateOnStart: true });
    const postgresResult = await measure('postgres', pg);
    log('PGlite: opening in memory…');
    lite = await openDatabase({ engine: 'pglite', dataDir: null });
    const pgliteResult = await measure('pglite', lite);
    const results = { postgres: postgresResult, pglite: pgliteResult };
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...results, targetMs: TARGET_MS })}\n`);
      return;
    }
    console.log(`bench:groups — ${MEMBERS.toLocaleString('en')} members added to a group carrying a role in one go (escalation check, write, audit, one NOTIFY), then removed; ${ROUNDS} rounds`);
    for (const [engine, result] of Object.entries(results)) {
      const verdict = result.addMs.max < TARGET_MS ? 'PASS' : 'FAIL';
      console.log(`  ${engine.padEnd(9)} add p50 ${String(result.addMs.p50).padStart(5)} ms, max ${String(result.addMs.max).padStart(5)} ms   remove p50 ${result.removeMs.p50} ms   ${verdict} (every add < ${TARGET_MS} ms)`);
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
