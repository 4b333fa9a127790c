import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Db, type DbHandle } from '@/db/client';
import { createBenchDatabase } from '../common/run';
import { consistencySql, fillStatements, LARGE_ACCOUNT, OWNER_EMAIL, type Scale } from './data';

type Raw = Record<string, unknown>;

/** The tables the fill writes, analysed after it. */
const BENCH_TABLES = ['users', 'memberships', 'membership_roles', 'roles', 'accounts', 'account_member_counts', 'member_trigram_spans', 'departments', 'department_members', 'teams', 'team_members', 'groups', 'group_members'];
export async function rowsOf(db: Db, query: ReturnType<typeof sql>): Promise<Raw[]> {
  const result = (await db.execute(query)) as unknown as Raw[] | { rows: Raw[] };
  return Array.isArray(result) ? result : result.rows;
}

export interface BenchDatabase {
  engine: 'postgres' | 'pglite';
  handle: DbHandle;
  /** The measured account and its Owner. */
  accountId: string;
  owner: { userId: string; membershipId: string };
  members: number;
  fill: { ms: number; rows: number; staleRows: number; staleCounts: number };
  sizes: { table: string; bytes: number }[];
  /** Drops the database (PostgreSQL) or closes the in-memory engine. */
  dispose(): Promise<void>;
}

/**
 * A database of its own on the PostgreSQL server (rolecall_bench_<random>), migrated by the app's own
 * migrator, filled, and dropped by dispose() whatever happens.
 */
export async function openPostgresBench(adminUrl: string, scale: Scale, seed: number, progress: (message: string) => void, keep = false): Promise<BenchDatabase> {
  const database = await createBenchDatabase(adminUrl, 'rolecall_bench', { keep, progress });
  let handle: DbHandle | undefined;
  const dispose = async () => {
    await handle?.close().catch(() => {});
    await database.drop();
  };
  try {
    progress(`PostgreSQL: database ${database.name}, migrating`);
    handle = await openDatabase({ engine: 'postgres', url: database.url, poolMax: 4, connectTimeoutSeconds: 10, migrateOnStart: true });
    const filler = postgres(database.url, { max: 1, onnotice: () => {} });
    const started = performance.now();
    try {
      await filler.unsafe(`set maintenance_work_mem = '512MB'`);
      await filler.unsafe('set synchronous_commit = off');
      for (const [i, statement] of fillStatements(scale, seed).entries()) {
        progress(`PostgreSQL: fill ${i + 1}/${fillStatements(scale, seed).length} ${statement.trim().split(/\s+/).slice(0, 3).join(' ')}…`);
        await filler.unsafe(statement);
      }
      progress('PostgreSQL: vacuum analyze');
      for (const table of BENCH_TABLES) await filler.unsafe(`vacuum analyze ${table}`);
    } finally {
      await filler.end({ timeout: 5 });
    }
    return await describe('postgres', handle, performance.now() - started, dispose);
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** An in-memory PGlite (with the app's extensions and migrations), filled the same way. */
export async function openPgliteBench(scale: Scale, seed: number, progress: (message: string) => void): Promise<BenchDatabase> {
  progress('PGlite: in memory, migrating');
  const handle = await openDatabase({ engine: 'pglite', dataDir: null });
  try {
    const started = performance.now();
    const statements = fillStatements(scale, seed);
    for (const [i, statement] of statements.entries()) {
      progress(`PGlite: fill ${i + 1}/${statements.length} ${statement.trim().split(/\s+/).slice(0, 3).join(' ')}…`);
      await handle.db.execute(sql.raw(statement));
    }
    progress('PGlite: vacuum analyze');
    for (const table of BENCH_TABLES) await handle.db.execute(sql.raw(`vacuum analyze ${table}`));
    return await describe('pglite', handle, performance.now() - started, () => handle.close());
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function describe(engine: BenchDatabase['engine'], handle: DbHandle, fillMs: number, dispose: () => Promise<void>): Promise<BenchDatabase> {
  const db = handle.db;
  const [owner] = await rowsOf(
    db,
    sql`select m.account_id::text as account_id, m.id::text as membership_id, u.id::text as user_id, c.members
      from users u join memberships m on m.user_id = u.id join accounts a on a.id = m.account_id
      join account_member_counts c on c.account_id = m.account_id
      where u.email = ${OWNER_EMAIL} and a.name = ${LARGE_ACCOUNT}`,
  );
  const [{ stale_rows: staleRows, stale_counts: staleCounts } = {}] = await rowsOf(db, sql.raw(consistencySql));
  const [{ n: rows } = {}] = await rowsOf(db, sql`select count(*) as n from memberships`);
  const sizes = await rowsOf(
    db,
    sql`select c.relname as name, pg_relation_size(c.oid) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and (c.relname in ('users', 'memberships', 'member_trigram_spans', 'member_trigram_spans_pkey') or c.relname like 'memberships\\_%' escape '\\') and c.relkind in ('r', 'i')
      order by c.relname`,
  );
  return {
    engine,
    handle,
    accountId: String(owner!.account_id),
    owner: { userId: String(owner!.user_id), membershipId: String(owner!.membership_id) },
    members: Number(owner!.members),
    fill: { ms: fillMs, rows: Number(rows), staleRows: Number(staleRows), staleCounts: Number(staleCounts) },
    sizes: sizes.map((row) => ({ table: String(row.name), bytes: Number(row.bytes) })),
    dispose,
  };
}
