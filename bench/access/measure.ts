import { performance, PerformanceObserver } from 'node:perf_hooks';

const gcHook = (globalThis as { gc?: () => void }).gc;

export const gcExposed = gcHook !== undefined;

/** Full collections until the heap stops shrinking much: one pass can leave weak and finalised objects behind. */
export function collectGarbage(): void {
  if (!gcHook) return;
  for (let i = 0; i < 3; i += 1) gcHook();
}

/** Lets the current job end (what it kept alive, such as awaited results, is released), then collects fully. */
async function settleAndCollect(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 10));
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * How much the heap grows, after full collections, to hold what `build` returns (null without
 * --expose-gc), and how long the build itself took (the collections not included).
 */
export async function retainedBytes<T>(build: () => T | Promise<T>): Promise<{ value: T; bytes: number | null; ms: number }> {
  const before = await settleAndCollect();
  const start = performance.now();
  const value = await build();
  const ms = performance.now() - start;
  const after = await settleAndCollect();
  return { value, bytes: gcExposed ? after - before : null, ms };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Checks per second for several implementations: each `run(n)` is timed in rounds that alternate between
 * them, so a slower moment of the machine hurts all alike, and each gets the median of its rounds. One
 * untimed round first lets the JIT settle. `run` returns how many checks said yes, so the work cannot be
 * optimised away.
 */
export function checksPerSecond<K extends string>(runners: Record<K, { run: (iterations: number) => number; iterations: number }>, rounds: number): Record<K, number> {
  const entries = Object.entries(runners) as [K, { run: (iterations: number) => number; iterations: number }][];
  const rates = new Map<K, number[]>(entries.map(([key]) => [key, []]));
  let yes = 0;
  for (const [, { run, iterations }] of entries) yes += run(Math.min(iterations, 100_000));
  for (let round = 0; round < rounds; round += 1) {
    for (const [key, { run, iterations }] of entries) {
      const start = process.hrtime.bigint();
      yes += run(iterations);
      const ns = Number(process.hrtime.bigint() - start);
      rates.get(key)!.push((iterations * 1e9) / ns);
    }
  }
  checksSaidYes += yes;
  return Object.fromEntries(entries.map(([key]) => [key, median(rates.get(key)!)])) as Record<K, number>;
}

/** Where the loops' results go, so no loop is dead code. */
export let checksSaidYes = 0;

export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Of the samples above the target, how many overlapped a garbage-collection pause. */
  overTarget: number;
  overTargetDuringGc: number;
}

export interface Verdict {
  pass: boolean;
  value: number;
  judgedBy: 'p95' | 'p50';
  note: string;
}

/** PASS by p95, unless most samples over the target coincided with a GC pause: then the p50 is what the code costs. */
export function judgeLatency(latency: Latency, target: number): Verdict {
  if (latency.p95 < target) return { pass: true, value: latency.p95, judgedBy: 'p95', note: '' };
  const slow = `${latency.overTarget} of ${latency.samples} samples over the target, ${latency.overTargetDuringGc} of them during a GC pause`;
  const gcDominated = latency.overTargetDuringGc / latency.overTarget >= 0.5;
  if (gcDominated) return { pass: latency.p50 < target, value: latency.p50, judgedBy: 'p50', note: `p95 dominated by GC: ${slow}` };
  return { pass: false, value: latency.p95, judgedBy: 'p95', note: `not GC: ${slow}; p50 ${latency.p50.toFixed(2)}` };
}

/** PASS by p95 alone, whatever caused the slow samples: what the resolver's targets are judged by. */
export function judgeP95(latency: Latency, target: number): Verdict {
  const pass = latency.p95 < target;
  const note = pass ? '' : `${latency.overTarget} of ${latency.samples} samples over the target, ${latency.overTargetDuringGc} of them during a GC pause; p50 ${latency.p50.toFixed(2)}`;
  return { pass, value: latency.p95, judgedBy: 'p95', note };
}

/** GC pauses seen while sampling, in performance.now() time, to tell a slow sample's cause. */
class GcWatch {
  private readonly pauses: { start: number; end: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Observer callbacks arrive on a later tick: wait for them before reading. */
  async stop(): Promise<{ start: number; end: number }[]> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.observer.disconnect();
    return this.pauses;
  }
}

/**
 * Times each call of `once(i)` alone, in microseconds, after a full collection and `warmup` untimed calls. `prepare(i)`, when
 * given, runs untimed just before each call and hands it its input (fresh data, as a loader would give).
 */
export async function sampleLatency<P = undefined>(
  samples: number,
  warmup: number,
  targetUs: number,
  once: (i: number, prepared: P) => void | Promise<void>,
  prepare?: (i: number) => P,
): Promise<Latency> {
  // Start from a collected heap: a collection still running from whatever came before is not this code's.
  await settleAndCollect();
  for (let i = 0; i < warmup; i += 1) await once(i, prepare?.(i) as P);
  const durations = new Float64Array(samples);
  const windows = new Float64Array(samples * 2);
  const watch = new GcWatch();
  for (let i = 0; i < samples; i += 1) {
    const prepared = prepare?.(warmup + i) as P;
    windows[2 * i] = performance.now();
    const start = process.hrtime.bigint();
    const pending = once(warmup + i, prepared);
    if (pending) await pending;
    durations[i] = Number(process.hrtime.bigint() - start) / 1000;
    windows[2 * i + 1] = performance.now();
  }
  const pauses = await watch.stop();
  let overTarget = 0;
  let overTargetDuringGc = 0;
  for (let i = 0; i < samples; i += 1) {
    if (durations[i]! < targetUs) continue;
    overTarget += 1;
    const from = windows[2 * i]!;
    const to = windows[2 * i + 1]!;
    if (pauses.some((pause) => pause.start < to && pause.end > from)) overTargetDuringGc += 1;
  }
  const sorted = durations.sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { samples, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]!, overTarget, overTargetDuringGc };
}
