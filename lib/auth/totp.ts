import { Secret, TOTP } from 'otpauth';

/*
 * Authenticator-app codes (issue 18, item 1), RFC 6238 through a well-kept library (otpauth): SHA-1, 6 digits,
 * 30-second steps, the defaults every authenticator app reads from the QR code. Pure: the caller keeps the
 * secret (sealed, lib/auth/secret-box.ts) and the last step a code was accepted for.
 */

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Clock drift allowed, in steps on either side: a code from the step before or after is still accepted. */
export const TOTP_DRIFT_STEPS = 1;

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), as the base32 text apps take. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = 'Rolecall', issuer = 'Rolecall'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an app reads from the QR code: the issuer, the person's login, the secret. */
export function totpUri(secretBase32: string, account: { issuer: string; label: string }): string {
  return totp(secretBase32, account.label, account.issuer).toString();
}

/** The code an app shows at `at` (for tests, and for nothing else). */
export function totpCode(secretBase32: string, at: number): string {
  return totp(secretBase32).generate({ timestamp: at });
}

/**
 * Whether `code` is right at `at` (within the drift allowed) and newer than the last accepted one: the step it
 * belongs to, which the caller stores so the same code (or an older one) is refused next time; null otherwise.
 */
export function acceptTotp(secretBase32: string, code: string, at: number, lastUsedStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(token)) return null;
  const generator = totp(secretBase32);
  const delta = generator.validate({ token, timestamp: at, window: TOTP_DRIFT_STEPS });
  if (delta === null) return null;
  const step = generator.counter({ timestamp: at }) + delta;
  return lastUsedStep !== null && step <= lastUsedStep ? null : step;
}
