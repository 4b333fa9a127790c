import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, setDbHandle, type DbHandle } from '@/db/client';
import { roleGrants, roles, users } from '@/db/schema';
import { PERMISSION_NAMES } from '@/lib/access/catalogue';
import { compileRoles } from '@/lib/access/compile-graph';
import { MAX_CHAIN_DEPTH, type RoleInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { hashPassword } from '@/lib/auth/password-hash';
import { provisionAccount, provisionMember } from '@/lib/dal/setup/provision-account';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { Prng } from '../access/prng';
import { createBenchDatabase } from '../common/run';

export const SCALE = { roles: 50, permissionRows: 200, members: 200_000 };
const BUILTIN_COUNT = 4;
const OWNER_EMAIL = 'owner@matrix.bench';
const OWNER_PASSWORD = 'matrix bench owner passphrase';

/** 20 areas x 8 verbs = 160 custom privileges, with the 40 catalogue permissions: 200 rows. */
const AREAS = ['report', 'invoice', 'deal', 'ticket', 'campaign', 'contract', 'asset', 'payroll', 'project', 'survey', 'lead', 'quote', 'order', 'shipment', 'vendor', 'budget', 'timesheet', 'expense', 'calendar', 'webinar'];
const VERBS = ['export', 'import', 'approve', 'archive', 'share', 'publish', 'audit', 'merge'];

export interface SeededRole {
  id: string;
  name: string;
  depth: number;
  descendants: number;
}

export interface MatrixBench {
  handle: DbHandle;
  databaseUrl: string;
  accountId: string;
  sessionId: string;
  customRoles: SeededRole[];
  privileges: string[];
  grantRows: number;
  /** Members of the account besides its Owner, each holding one role (half of them User). */
  members: number;
  dispose(): Promise<void>;
}

/**
 * A database of its own on the PostgreSQL server, migrated by the app's migrator, holding one account
 * with 50 roles (the 4 built-in and 46 custom ones in chains, one of them the full 10 links deep) whose
 * grants span 200 matrix rows, `members` members holding them (issue 15: the pages count members per
 * role), and its Owner signed in. dispose() drops it.
 */
export async function seedMatrixBench(adminUrl: string, seed: number, progress: (message: string) => void, keep: boolean, members = SCALE.members): Promise<MatrixBench> {
  const database = await createBenchDatabase(adminUrl, 'rolecall_bench_matrix', { keep, progress });
  let handle: DbHandle | undefined;
  const dispose = async () => {
    setDbHandle(undefined);
    await handle?.close().catch(() => {});
    await database.drop();
  };
  try {
    progress(`PostgreSQL: database ${database.name}, migrating`);
    handle = await openDatabase({ engine: 'postgres', url: database.url, poolMax: 4, connectTimeoutSeconds: 10, migrateOnStart: true });
    setDbHandle(handle);
    const db = handle.db;
    const random = new Prng(seed);
    const privileges = AREAS.flatMap((area) => VERBS.map((verb) => `${area}.${verb}`));

    progress('seeding one account, its Owner and 46 custom roles in chains');
    const { accountId, roleIds } = await db.transaction((tx) => provisionAccount(tx, 'Matrix Bench'));
    const owner = await db.transaction((tx) => provisionMember(tx, { accountId, email: OWNER_EMAIL, passwordHash: null, firstName: 'Bench', lastName: 'Owner', role: 'owner' }));
    await db.update(users).set({ passwordHash: await hashPassword(OWNER_PASSWORD) }).where(eq(users.id, owner.userId));

    const inputs: (RoleInput & { depth: number })[] = [];
    const customCount = SCALE.roles - BUILTIN_COUNT;
    for (let i = 0; i < customCount; i += 1) {
      // The first ten form one chain at the full depth limit; the rest hang off a built-in or any custom role with room below it.
      let baseRoleId: string;
      let depth: number;
      if (i < MAX_CHAIN_DEPTH) {
        baseRoleId = i === 0 ? roleIds.user : inputs[i - 1]!.id;
        depth = i + 1;
      } else {
        const candidates = inputs.filter((role) => role.depth < MAX_CHAIN_DEPTH);
        const onBuiltin = random.chance(0.25);
        const base = onBuiltin ? null : random.pick(candidates);
        baseRoleId = base?.id ?? random.pick([roleIds.user, roleIds.user, roleIds.admin, roleIds.guest]);
        depth = (base?.depth ?? 0) + 1;
      }
      const own = new Set<string>();
      const systemCount = random.int(2, 8);
      while (own.size < systemCount) own.add(random.pick(PERMISSION_NAMES));
      const rolePrivileges = new Set<string>();
      // Every privilege is held by at least one role, so each is a row of the matrix.
      for (let k = i; k < privileges.length; k += customCount) rolePrivileges.add(privileges[k]!);
      const extra = random.int(2, 12);
      for (let k = 0; k < extra; k += 1) rolePrivileges.add(random.pick(privileges));
      inputs.push({ id: randomUUID(), name: `Bench role ${String(i + 1).padStart(2, '0')}`, baseRoleId, permissions: [...own].sort(), privileges: [...rolePrivileges].sort(), depth });
    }
    // The same compiler the app uses must accept the graph (no cycle, no chain past the limit).
    const builtins = Object.values(roleIds).map((id): RoleInput => ({ id, name: id, baseRoleId: null, permissions: [], privileges: [] }));
    compileRoles(SYSTEM_SPACE, [...builtins, ...inputs]);
    await db.transaction(async (tx) => {
      // Parents first: a role's base must exist before it does.
      await tx.insert(roles).values(inputs.map((role) => ({ id: role.id, accountId, name: role.name, description: 'Seeded by bench:matrix', baseRoleId: role.baseRoleId })));
      const grants = inputs.flatMap((role) => [
        ...role.permissions.map((grant) => ({ roleId: role.id, kind: 'permission' as const, name: grant })),
        ...role.privileges.map((grant) => ({ roleId: role.id, kind: 'privilege' as const, name: grant })),
      ]);
      await tx.insert(roleGrants).values(grants);
    });
    await seedMembers(db, accountId, [roleIds.user, roleIds.admin, roleIds.guest], inputs.map((role) => role.id), members, progress);
    for (const table of ['roles', 'role_grants', 'users', 'memberships', 'membership_roles', 'role_member_counts']) await db.execute(sql.raw(`vacuum analyze ${table}`));

    const signedIn = await signInWithPassword({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, { ip: '203.0.113.8', userAgent: 'bench:matrix' });
    if (!signedIn.ok) throw new Error(`cannot sign in as the bench Owner: ${signedIn.code}`);

    const below = (id: string): number => inputs.filter((role) => role.baseRoleId === id).reduce((sum, child) => sum + 1 + below(child.id), 0);
    return {
      handle,
      databaseUrl: database.url,
      accountId,
      sessionId: signedIn.sessionId,
      customRoles: inputs.map((role) => ({ id: role.id, name: role.name, depth: role.depth, descendants: below(role.id) })),
      privileges,
      grantRows: inputs.reduce((sum, role) => sum + role.permissions.length + role.privileges.length, 0),
      members,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * `count` members in one statement each for people, memberships and roles, through the app's own triggers
 * (search copies, member counts, members per role): half hold User, 5% Admin, 5% Guest, the rest one of the
 * custom roles, spread evenly.
 */
async function seedMembers(db: DbHandle['db'], accountId: string, builtins: [string, string, string], custom: string[], count: number, progress: (message: string) => void) {
  if (count <= 0) return;
  progress(`seeding ${count.toLocaleString('en')} members holding the account's roles`);
  const ids = (list: string[]) => sql.raw(`array[${list.map((id) => `'${id}'::uuid`).join(',')}]`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`create temp table bench_people as
      select g, gen_random_uuid() as user_id, gen_random_uuid() as membership_id,
        case when g % 20 < 10 then ${builtins[0]}::uuid when g % 20 = 10 then ${builtins[1]}::uuid when g % 20 = 11 then ${builtins[2]}::uuid
          else (${ids(custom)})[1 + (g / 20) % ${custom.length}] end as role_id
      from generate_series(1, ${count}) g`);
    await tx.execute(sql`insert into users (id, email, first_name, last_name)
      select user_id, 'member' || g || '@matrix.bench', 'Member', 'Number ' || g from bench_people order by g`);
    await tx.execute(sql`insert into memberships (id, account_id, user_id, status) select membership_id, ${accountId}, user_id, 'active' from bench_people order by g`);
    await tx.execute(sql`insert into membership_roles (membership_id, role_id) select membership_id, role_id from bench_people order by g`);
    await tx.execute(sql`drop table bench_people`);
  });
}
