import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed to a person (session ids, activation and invitation links): 256 random bits. Only their
 * SHA-256 is stored, so a leaked table cannot be replayed.
 */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of the token itself. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A new session id for the cookie. */
export const newSessionId = newSecretToken;
/** What the session registry stores instead of the id itself. */
export const hashSessionId = hashSecretToken;
