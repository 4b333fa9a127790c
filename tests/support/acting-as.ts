import { CONTEXT_HEADER, encodeContext } from '@/lib/auth/forwarded-context';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { signInOrThrow } from './sessions';

/**
 * The request the server actions see in tests: the session context middleware.ts would forward, signed the
 * same way. The integration project's setup file (next-request.ts) has `next/headers` return `requestState.headers`.
 */
export const requestState = { headers: new Headers() };

/** Signs in as this member and makes the next action calls theirs. */
export async function actAs(email: string) {
  const { idHash } = await signInOrThrow(email);
  const resolution = await resolveSession(idHash);
  if (!resolution.ok) throw new Error(resolution.reason);
  requestState.headers = new Headers({ [CONTEXT_HEADER]: encodeContext(resolution.context), 'user-agent': 'vitest', 'x-forwarded-for': '203.0.113.99' });
  return resolution.context;
}
