import { closeDb, getDbHandle } from '@/db/client';
import { readDbConfig } from '@/db/config';
import { listenForAccessChanges } from './access/process-cache';
import { getAuthSecret } from './auth/secret';
import { appConfig } from './config';
import { startMailWorker } from './mail/worker';
import { twilioSettingsFromEnv } from './sms/twilio';

const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Checks the settings and opens (and migrates) the database; any problem stops the start with a message.
 * Then subscribes the access cache to other processes' changes, before the first request reads it.
 */
export async function startServer(): Promise<void> {
  try {
    getAuthSecret();
    const twilio = twilioSettingsFromEnv();
    console.info(twilio ? '[rolecall] SMS: through Twilio' : '[rolecall] SMS: TWILIO_ACCOUNT_SID is not set, so text messages are NOT delivered');
    const config = readDbConfig();
    const handle = await getDbHandle();
    const where = config.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : `PostgreSQL (pool of ${config.poolMax})`;
    console.info(`[rolecall] database ready: ${where}; migrations applied (engine ${handle.engine})`);
  } catch (error) {
    console.error(`\n[rolecall] cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  // Never stops the start: without it the cache still expires entries after its TTL.
  await listenForAccessChanges();
  warnAboutTestHooks();
  startMailWorker();
  handleShutdown();
}

function warnAboutTestHooks() {
  if (appConfig.testHooksEnabled) {
    console.warn(
      '\n[rolecall] WARNING: E2E test hooks are ON (E2E_TEST_HOOKS=1). Anyone can move the clock, create members and read SMS codes under /api/test. Browser tests only: never on a real server.\n',
    );
  } else if (process.env.E2E_TEST_HOOKS === '1') {
    console.warn('[rolecall] E2E_TEST_HOOKS=1 is ignored: RESEND_API_KEY or an https AUTH_URL is set, so this looks like a real deployment.');
  }
}

/**
 * Closes the database on SIGTERM/SIGINT. `npm start` sets NEXT_MANUAL_SIG_HANDLE, so Next leaves the signals
 * to us and the process exits only once the pool (or PGlite, flushing its files) is closed. Under a bare
 * `next start`, Next exits on its own schedule: the close is attempted first and the lock file is removed
 * on exit either way.
 */
function handleShutdown() {
  const manual = Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Kept, not once: a second signal (Ctrl-C reaches `npm start` and its servers alike, and the launcher
    // passes it on too) must not kill the process while the database is closing.
    process.prependListener(signal, () => {
      if (closing) return;
      closing = true;
      console.info(`[rolecall] ${signal}: closing the database`);
      const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref());
      Promise.race([closeDb(), timeout])
        .then(() => console.info('[rolecall] database closed'))
        .catch((error) => console.error('[rolecall] closing the database failed', error))
        .finally(() => {
          if (manual) process.exit(signal === 'SIGINT' ? 130 : 143);
        });
    });
  }
}
