import { hashSessionId } from '@/lib/auth/session-token';
import { signInWithPassword } from '@/lib/dal/sessions/sign-in-with-password';
import { meta, PASSWORD } from './factories';

export interface SignInOptions {
  password?: string;
  /** The client address the sign-in comes from; `meta()`'s unless told. */
  ip?: string;
  userAgent?: string;
}

/**
 * Signs in with a password through the same data-layer call next-auth's authorize() makes, and answers
 * the new session: its id (what the cookie carries) and its hash (what the sessions table keys on).
 */
export async function signInOrThrow(email: string, { password = PASSWORD, ip, userAgent }: SignInOptions = {}) {
  const result = await signInWithPassword({ email, password }, { ...meta(ip), ...(userAgent ? { userAgent } : {}) });
  if (!result.ok) throw new Error(`cannot sign in as ${email}: ${result.code}`);
  return { userId: result.userId, sessionId: result.sessionId, idHash: hashSessionId(result.sessionId) };
}

/** Opens one more session for this person (another device) and answers its id hash, as resolveSession() takes it. */
export async function openSession(email: string, options: SignInOptions = {}): Promise<string> {
  return (await signInOrThrow(email, options)).idHash;
}
