import { decode } from 'next-auth/jwt';
import { getAuthSecret } from './secret';

/** Our name for next-auth's session cookie; it is also the JWT's key-derivation salt. */
export const SESSION_COOKIE = 'rolecall.session';

/**
 * Cookies already decrypted, with their session id and the token's expiry: decrypting derives a key with
 * HKDF first, which every signed-in request paid (about 2% of a page's server time). Only cookies that
 * decrypted are kept, so forged ones cannot fill it; the oldest go first past the limit. The session
 * itself is still looked up on every request: this only skips repeating pure work on the same bytes.
 */
const decoded = new Map<string, { sid: string; expiresAt: number }>();
const DECODED_LIMIT = 5_000;

/** The session id inside a session cookie, or null when the cookie is absent, forged or stale. */
export async function sessionIdFromCookie(cookieValue: string | undefined): Promise<string | null> {
  if (!cookieValue) return null;
  const known = decoded.get(cookieValue);
  if (known) {
    if (known.expiresAt > Date.now()) return known.sid;
    decoded.delete(cookieValue);
    return null;
  }
  try {
    const token = await decode({ token: cookieValue, secret: getAuthSecret(), salt: SESSION_COOKIE });
    if (typeof token?.sid !== 'string') return null;
    if (typeof token.exp === 'number') {
      if (decoded.size >= DECODED_LIMIT) decoded.delete(decoded.keys().next().value!);
      decoded.set(cookieValue, { sid: token.sid, expiresAt: token.exp * 1000 });
    }
    return token.sid;
  } catch {
    return null;
  }
}
