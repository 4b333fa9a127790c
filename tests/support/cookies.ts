import { encode } from 'next-auth/jwt';
import { SESSION_COOKIE } from '@/lib/auth/cookie';
import { getAuthSecret } from '@/lib/auth/secret';
import { signInOrThrow, type SignInOptions } from './sessions';

/**
 * A session cookie's value as next-auth writes it: the JWT (holding the session id) encrypted with the auth
 * secret, the cookie's name as salt. Another secret makes a forged cookie.
 */
export function encodeSessionCookie(token: { sid: string; sub?: string }, secret = getAuthSecret()): Promise<string> {
  return encode({ token, secret, salt: SESSION_COOKIE });
}

/** Signs in and answers the session cookie the browser would send next, with the session's id hash. */
export async function sessionCookieFor(email: string, options: SignInOptions = {}) {
  const session = await signInOrThrow(email, options);
  return { value: await encodeSessionCookie({ sub: session.userId, sid: session.sessionId }), idHash: session.idHash };
}
