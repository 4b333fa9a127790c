import 'server-only';
import { deliverDueMail } from '@/lib/dal/ops/mail-outbox';
import { configuredSender } from './sender';

const INTERVAL_MS = 2_000;
const globalForWorker = globalThis as unknown as { __rolecallMailWorker?: { timer: NodeJS.Timeout; running: Promise<unknown> | null } };

function tick() {
  const state = globalForWorker.__rolecallMailWorker;
  if (!state || state.running) return;
  state.running = deliverDueMail(configuredSender())
    .catch((error) => console.error('[mail] delivery round failed; it will be retried', error))
    .finally(() => {
      state.running = null;
    });
}

/** Starts this process's delivery loop (once). Several processes may run one: the outbox hands each message to one. */
export function startMailWorker(): void {
  if (globalForWorker.__rolecallMailWorker) return;
  const timer = setInterval(tick, INTERVAL_MS);
  timer.unref();
  globalForWorker.__rolecallMailWorker = { timer, running: null };
  if (!process.env.RESEND_API_KEY) {
    console.info('[mail] RESEND_API_KEY is not set: mail is NOT being delivered; it is kept for signed-in Owners at /dev/mail');
  }
}

/** Asks for a delivery round now, after a change queued mail (instead of waiting for the next tick). */
export function kickMailWorker(): void {
  setImmediate(tick);
}
