import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
}

/** Nearest-rank percentiles of milliseconds. */
export function latencyOf(ms: readonly number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0, samples: sorted.length };
}

/**
 * Times `run` over the items in turn until `samples` timings are taken, after an untimed warm-up of at
 * least six runs per item: PostgreSQL plans a prepared statement afresh five times, then may settle on a
 * generic plan, and it is the settled plan the tab lives with.
 */
export async function timeRuns<T>(items: readonly T[], samples: number, run: (item: T) => Promise<unknown>): Promise<Latency> {
  for (let round = 0; round < 6; round += 1) for (const item of items) await run(item);
  const ms: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const item = items[i % items.length]!;
    const start = performance.now();
    await run(item);
    ms.push(performance.now() - start);
  }
  return latencyOf(ms);
}

/** A Db that records every raw statement it runs (the DAL's own queries go through `execute`). */
export function recordingDb(db: Db, into: SQL[]): Db {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (query: SQL) => {
          into.push(query);
          return target.execute(query);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export interface PlanSummary {
  /** Which of the DAL's statements: the sample, the member count, the walk or the bitmap. */
  step: string;
  /** Each scan in the plan: node and index (or table). */
  scans: string[];
  executionMs: number;
  buffers: number;
  jit: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Heap Fetches'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

const dialect = new PgDialect();

/** Lookups by primary key (a found row's details, a role probe): reported as one line. */
const DETAIL_INDEXES = new Set(['memberships_pkey', 'users_pkey', 'membership_roles_membership_id_role_id_pk', 'roles_pkey']);

function stepOf(text: string): string {
  if (text.includes('row_number()')) return 'walk';
  if (text.includes('count(*) over ()')) return 'bitmap';
  if (text.includes('order by m.user_id')) return 'sample';
  if (text.includes('account_member_counts')) return 'count';
  return 'other';
}

/** EXPLAIN (ANALYZE, BUFFERS) of a recorded statement, boiled down to the scans it made. */
export async function explain(db: Db, query: SQL): Promise<PlanSummary> {
  const result = (await db.execute(sql`explain (analyze, buffers, format json) ${query}`)) as unknown as Record<string, unknown>[] | { rows: Record<string, unknown>[] };
  const first = (Array.isArray(result) ? result : result.rows)[0]!;
  const raw = Object.values(first)[0];
  const [root] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode; 'Execution Time': number; JIT?: unknown }];
  const scans: string[] = [];
  let detailLookups = 0;
  const visit = (node: PlanNode) => {
    const rows = Math.round((node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1));
    if (node['Index Name'] && DETAIL_INDEXES.has(node['Index Name'])) detailLookups += node['Actual Loops'] ?? 1;
    else if (node['Index Name'] || (node['Relation Name'] && node['Node Type'].includes('Scan'))) {
      const heap = node['Heap Fetches'] !== undefined ? `, heap fetches ${node['Heap Fetches']}` : '';
      scans.push(`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name']} (${rows.toLocaleString('en')} rows${heap})`);
    }
    node.Plans?.forEach(visit);
  };
  visit(root.Plan);
  if (detailLookups) scans.push(`primary-key lookups for details and role probes (${detailLookups.toLocaleString('en')})`);
  const text = dialect.sqlToQuery(query).sql;
  return {
    step: stepOf(text),
    scans,
    executionMs: root['Execution Time'],
    buffers: (root.Plan['Shared Hit Blocks'] ?? 0) + (root.Plan['Shared Read Blocks'] ?? 0),
    jit: Boolean(root.JIT),
  };
}
