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
  /**
   * How many reverse proxies stand in front of the server (TRUST_PROXY: unset, `false` or `0` for none, `true`
   * for one, or a number). Only then are X-Forwarded-For and X-Forwarded-Host believed: without a proxy that
   * overwrites them, anyone can send them.
   */
  get trustProxyHops() {
    const raw = (process.env.TRUST_PROXY ?? '').trim().toLowerCase();
    if (raw === '' || raw === 'false' || raw === '0') return 0;
    if (raw === 'true') return 1;
    const hops = Number(raw);
    if (!Number.isInteger(hops) || hops < 1 || hops > 10) throw new Error(`TRUST_PROXY must be false, true or the number of proxies (1–10), got "${process.env.TRUST_PROXY}"`);
    return hops;
  },
  get secureCookies() {
    return (process.env.AUTH_URL ?? '').startsWith('https://');
  },
};
