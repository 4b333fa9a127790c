import { afterEach, describe, expect, it } from 'vitest';
import { appConfig } from '@/lib/config';

const NAMES = ['E2E_TEST_HOOKS', 'RESEND_API_KEY', 'AUTH_URL'] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

function withEnv(env: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const name of NAMES) {
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
}

afterEach(() => withEnv(saved as Record<string, string>));

describe('the E2E test hooks switch', () => {
  it.each([
    [{}, false],
    [{ E2E_TEST_HOOKS: '0' }, false],
    [{ E2E_TEST_HOOKS: 'true' }, false],
    [{ E2E_TEST_HOOKS: '1' }, true],
    [{ E2E_TEST_HOOKS: '1', AUTH_URL: 'http://localhost:3100' }, true],
    [{ E2E_TEST_HOOKS: '1', RESEND_API_KEY: 're_live_key' }, false],
    [{ E2E_TEST_HOOKS: '1', AUTH_URL: 'https://access.example.com' }, false],
  ])('with %o the hooks are on: %s', (env, enabled) => {
    withEnv(env);
    expect(appConfig.testHooksEnabled).toBe(enabled);
  });
});
