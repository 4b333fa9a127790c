/**
 * The one clock every expiry rule reads. Tests (and the e2e test hooks) move it forward instead of waiting;
 * the offset lives on globalThis so middleware and pages in one process agree.
 */
const globalForClock = globalThis as unknown as { __rolecallClockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (globalForClock.__rolecallClockOffsetMs ?? 0));
}

export function setClockOffset(ms: number): void {
  globalForClock.__rolecallClockOffsetMs = ms;
}

export function clockOffset(): number {
  return globalForClock.__rolecallClockOffsetMs ?? 0;
}
