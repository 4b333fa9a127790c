import { sql, type SQL } from 'drizzle-orm';
import { setDbHandle } from '@/db/client';
import type { Actor } from '@/lib/access/checks';
import { getMemberAccess } from '@/lib/access/process-cache';
import { hashPassword } from '@/lib/auth/password-hash';
import { hashSessionId } from '@/lib/auth/session-token';
import { estimateMemberTotal, findMemberPage, type MemberPagePlan } from '@/lib/dal/members/search/find-page';
import { listMembers } from '@/lib/dal/members/list-members';
import { MEMBER_QUERY_TUNING, type MemberQueryTuning } from '@/lib/dal/members/search/plan-query';
import { listLicencePools } from '@/lib/dal/licences/pools';
import { listStructureOptions } from '@/lib/dal/organization/structure-options';
import { listRoleOptions } from '@/lib/dal/roles/list-role-options';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { OWNER_EMAIL } from './data';
import type { BenchDatabase } from './engines';
import { explain, recordingDb, timeRuns, type Latency, type PlanSummary } from './measure';
import { workload, type WorkloadClass } from './workload';

export const OWNER_PASSWORD = 'bench users tab password';

/** A tuning under which every search takes the bitmap, which counts every match: the true totals. */
const COUNT_EVERY_MATCH: MemberQueryTuning = { ...MEMBER_QUERY_TUNING, walkCost: { indexOnly: 1e9, table: 1e9 } };

export interface ClassResult {
  name: string;
  label: string;
  required: boolean;
  latency: Latency;
  queries: {
    describe: string;
    path: MemberPagePlan['path'];
    total: number;
    exact: boolean;
    /** The true number of matches (the bitmap's count, taken once, untimed). */
    matches: number;
    rows: number;
    firstOffset: number | null;
    plans: PlanSummary[];
  }[];
}

export interface EngineResults {
  engine: BenchDatabase['engine'];
  members: number;
  rows: number;
  fillMs: number;
  stale: { rows: number; counts: number };
  sizes: BenchDatabase['sizes'];
  classes: ClassResult[];
  /** The "1–25 of N" alone: the member count, or the sample. */
  total: Latency;
  /** Per request, the data work of the page: session, access, listMembers, listRoleOptions, listStructureOptions and listLicencePools. */
  pageData: Latency;
  /** listRoleOptions alone (the page's other query: the role picker's options, no member counts). */
  roleOptions: Latency;
  /** What the server benchmark needs: a signed-in session of the Owner. */
  sessionId: string;
  queries: WorkloadClass['queries'];
}

/** Every class of the workload on one engine: plans first (EXPLAIN ANALYZE), then timings. */
export async function measureEngine(bench: BenchDatabase, samples: number, progress: (message: string) => void): Promise<EngineResults> {
  setDbHandle(bench.handle);
  const db = bench.handle.db;
  const scope = { accountId: bench.accountId, selfMembershipId: bench.owner.membershipId };
  const classes = await workload(db, bench.accountId, bench.members);
  const results: ClassResult[] = [];
  for (const workloadClass of classes) {
    progress(`${bench.engine}: ${workloadClass.label}`);
    const queries: ClassResult['queries'] = [];
    for (const { describe, query } of workloadClass.queries) {
      const recorded: SQL[] = [];
      const { page, plan } = await findMemberPage(recordingDb(db, recorded), scope, query);
      const plans: PlanSummary[] = [];
      for (const statement of recorded) plans.push(await explain(db, statement));
      const matches = page.totalIsExact ? page.total : (await findMemberPage(db, scope, { ...query, cursor: null }, COUNT_EVERY_MATCH)).page.total;
      queries.push({ describe, path: plan.path, total: page.total, exact: page.totalIsExact, matches, rows: page.rows.length, firstOffset: page.offset, plans });
    }
    const latency = await timeRuns(workloadClass.queries, samples, ({ query }) => findMemberPage(db, scope, query));
    results.push({ name: workloadClass.name, label: workloadClass.label, required: workloadClass.required, latency, queries });
  }

  const searches = classes.filter((entry) => entry.required && !entry.name.startsWith('offset') && entry.name !== 'last').flatMap((entry) => entry.queries);
  progress(`${bench.engine}: the "1–25 of N" alone`);
  const total = await timeRuns(searches, samples, ({ query }) => estimateMemberTotal(db, bench.accountId, query));

  progress(`${bench.engine}: the page's data work per request`);
  await db.execute(sql`update users set password_hash = ${await hashPassword(OWNER_PASSWORD)} where id = ${bench.owner.userId}`);
  const signedIn = await signInWithPassword({ email: OWNER_EMAIL, password: OWNER_PASSWORD }, { ip: '203.0.113.7', userAgent: 'bench:users' });
  if (!signedIn.ok) throw new Error(`cannot sign in as the bench Owner: ${signedIn.code}`);
  const sessionHash = hashSessionId(signedIn.sessionId);
  const actor: Actor = { userId: bench.owner.userId, name: 'Bench Owner', accountId: bench.accountId, membershipId: bench.owner.membershipId };
  const everyQuery = classes.filter((entry) => entry.required).flatMap((entry) => entry.queries);
  const pageData = await timeRuns(everyQuery, samples, async ({ query }) => {
    // What middleware.ts and the page ask of the database for one request (rendering not included).
    const session = await resolveSession(sessionHash);
    if (!session.ok) throw new Error(`the bench session ended: ${session.reason}`);
    await getMemberAccess(bench.accountId, bench.owner.membershipId);
    await Promise.all([listMembers(actor, query), listRoleOptions(actor), listStructureOptions(actor), listLicencePools(actor)]);
  });
  const rolesAlone = await timeRuns([actor], Math.min(samples, 30), (who) => listRoleOptions(who));
  setDbHandle(undefined);
  return {
    engine: bench.engine,
    members: bench.members,
    rows: bench.fill.rows,
    fillMs: bench.fill.ms,
    stale: { rows: bench.fill.staleRows, counts: bench.fill.staleCounts },
    sizes: bench.sizes,
    classes: results,
    total,
    pageData,
    roleOptions: rolesAlone,
    sessionId: signedIn.sessionId,
    queries: everyQuery,
  };
}
