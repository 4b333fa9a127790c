/** Settings read from the environment, with their defaults. README.md lists every variable. */

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export const appConfig = {
  get sessionTtlHours() {
    return intFromEnv('SESSION_TTL_HOURS', 24 * 14);
  },
  get loginMaxFailures() {
    return intFromEnv('LOGIN_MAX_FAILURES', 5);
  },
  get loginWindowMinutes() {
    return intFromEnv('LOGIN_WINDOW_MINUTES', 15);
  },
  /**
   * Test-only endpoints under /api/test (moving the clock, reading SMS codes, …). E2E_TEST_HOOKS=1 is obeyed
   * only on a server that is plainly not a real deployment: no mail key and no https AUTH_URL. (NODE_ENV
   * cannot tell: the browser tests run `next start`, which is production.)
   */
  get testHooksEnabled() {
    return process.env.E2E_TEST_HOOKS === '1' && !process.env.RESEND_API_KEY && !(process.env.AUTH_URL ?? '').startsWith('https://');
  },
  get secureCookies() {
    return (process.env.AUTH_URL ?? '').startsWith('https://');
  },
};
