/** The auth secret of test files that do not bring their own (getAuthSecret() insists on one at least 32 characters long). */
export const TEST_AUTH_SECRET = 'integration-test-secret-of-at-least-32-characters';

/**
 * Gives this test file an AUTH_SECRET unless the environment set one. Files that encode session cookies or
 * load next-auth need it: on PostgreSQL getAuthSecret() refuses to run without one, and on PGlite it would
 * otherwise write a secret into the data folder.
 */
export function withTestAuthSecret(): void {
  process.env.AUTH_SECRET ??= TEST_AUTH_SECRET;
}
