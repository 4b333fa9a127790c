import { AccessCache } from '@/lib/access/cache';
import { hasPermission } from '@/lib/access/catalogue';
import { requiredPermissionFor, ROUTE_PERMISSIONS } from '@/lib/access/routes';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { sampleLatency, type Latency } from './measure';
import { Prng } from './prng';
import { ACCOUNT_ID, warmCache } from './rolecall';
import { Scenario } from './scenario';

export type GateOutcome = 'open' | 'allowed' | 'denied';

/**
 * What middleware.ts adds per request once it checks permissions, with a warm cache: which permission the
 * path needs, then the same `AccessCache.getAccess` the gate awaits (lib/access/process-cache.ts wraps it with the
 * database loaders; here they read the scenario, and every entry is warm), then one bit.
 */
export async function permissionGate(cache: AccessCache, pathname: string, userId: string): Promise<GateOutcome> {
  const rule = requiredPermissionFor(pathname);
  if (!rule) return 'open';
  const { access } = await cache.getAccess(ACCOUNT_ID, userId);
  return hasPermission(access, rule.bit) ? 'allowed' : 'denied';
}

/** Paths the middleware sees: every guarded section, deeper pages in them, and pages that need no permission. */
function requestPaths(): string[] {
  const guarded = ROUTE_PERMISSIONS.flatMap((rule) => [rule.prefix, `${rule.prefix}/42`, `${rule.prefix}/42/edit`]);
  return [...guarded, '/profile', '/select-account', '/api/session', '/'];
}

export interface MiddlewareResult {
  latency: Latency;
  requests: number;
  outcomes: Record<GateOutcome, number>;
  mismatches: number;
}

/**
 * The same kind of account on the product's real permission catalogue (middleware asks real names), each
 * request timed alone. Every decision is compared with the specification afterwards.
 */
export async function measureMiddlewareCheck(seed: number, requests: number, targetMs: number): Promise<MiddlewareResult> {
  const scenario = new Scenario({ seed, definitions: SYSTEM_SPACE.definitions });
  const prng = new Prng(seed ^ 0x3ee7);
  const paths = requestPaths();
  const warmup = 5_000;
  const total = warmup + requests;
  const sequence = Array.from({ length: total }, () => ({ path: prng.pick(paths), userId: prng.pick(scenario.users).id }));
  const decisions: GateOutcome[] = new Array<GateOutcome>(total);
  // Every member's entry is warm first: the figure is for a warm cache.
  const cache = await warmCache(SYSTEM_SPACE, scenario, scenario.users);

  const latency = await sampleLatency(requests, warmup, targetMs * 1000, async (i) => {
    const request = sequence[i]!;
    decisions[i] = await permissionGate(cache, request.path, request.userId);
  });

  const outcomes: Record<GateOutcome, number> = { open: 0, allowed: 0, denied: 0 };
  let mismatches = 0;
  for (let i = warmup; i < total; i += 1) {
    const { path, userId } = sequence[i]!;
    const rule = requiredPermissionFor(path);
    const expected: GateOutcome = !rule ? 'open' : scenario.expected(userId, rule.permission) ? 'allowed' : 'denied';
    outcomes[decisions[i]!] += 1;
    if (decisions[i] !== expected) mismatches += 1;
  }
  const ms = (us: number) => us / 1000;
  return {
    latency: { ...latency, p50: ms(latency.p50), p95: ms(latency.p95), p99: ms(latency.p99), max: ms(latency.max) },
    requests,
    outcomes,
    mismatches,
  };
}
