import { createHash, randomBytes } from 'node:crypto';

/** A new session id for the cookie: 256 random bits. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** What the registry stores instead of the id itself. */
export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url');
}
