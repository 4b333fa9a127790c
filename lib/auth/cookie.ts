import { decode } from 'next-auth/jwt';
import { getAuthSecret } from './secret';

/** Our name for next-auth's session cookie; it is also the JWT's key-derivation salt. */
export const SESSION_COOKIE = 'rolecall.session';

/** The session id inside a session cookie, or null when the cookie is absent, forged or stale. */
export async function sessionIdFromCookie(cookieValue: string | undefined): Promise<string | null> {
  if (!cookieValue) return null;
  try {
    const token = await decode({ token: cookieValue, secret: getAuthSecret(), salt: SESSION_COOKIE });
    return typeof token?.sid === 'string' ? token.sid : null;
  } catch {
    return null;
  }
}
