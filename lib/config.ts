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
  /** Test-only endpoints under /api/test (moving the clock, …); never set in production. */
  get testHooksEnabled() {
    return process.env.E2E_TEST_HOOKS === '1';
  },
  get secureCookies() {
    return (process.env.AUTH_URL ?? '').startsWith('https://');
  },
};
