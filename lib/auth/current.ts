import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Actor } from '@/lib/access/checks';
import { getMemberAccess } from '@/lib/access/process-cache';
import type { EffectiveAccess } from '@/lib/access/resolver';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { requestMeta, type RequestMeta } from '@/lib/http/client';
import { SESSION_COOKIE, sessionIdFromCookie } from './cookie';
import { CONTEXT_HEADER, decodeContext } from './forwarded-context';
import type { SessionContext, SessionEnd } from './session-context';
import { hashSessionId } from './session-token';

/**
 * Who is signed in, resolved once per request: middleware.ts forwards what it resolved; where it did
 * not (or the header does not verify), the cookie is resolved here, once, thanks to React's cache().
 */
export const getRequestSession = cache(async (): Promise<SessionContext | null> => {
  const forwarded = decodeContext((await headers()).get(CONTEXT_HEADER));
  if (forwarded) return forwarded;
  const sessionId = await sessionIdFromCookie((await cookies()).get(SESSION_COOKIE)?.value);
  if (!sessionId) return null;
  const resolution = await resolveSession(hashSessionId(sessionId));
  return resolution.ok ? resolution.context : null;
});

/** The signed-in person, or a redirect to /login. */
export async function requireSession(): Promise<SessionContext> {
  const session = await getRequestSession();
  if (!session) redirect('/login');
  return session;
}

export type MemberSession = SessionContext & { membership: NonNullable<SessionContext['membership']> };

/** The signed-in person inside an account, or a redirect to /login or to the account picker. */
export async function requireMember(): Promise<MemberSession> {
  const session = await requireSession();
  if (!session.membership) redirect('/select-account');
  return session as MemberSession;
}

export const getRequestMeta = cache(async (): Promise<RequestMeta> => requestMeta(await headers()));

/** Why the session in this request's cookie ended, if it did: /login explains it even without `?reason=`. */
export async function getEndedSessionReason(): Promise<SessionEnd | null> {
  const sessionId = await sessionIdFromCookie((await cookies()).get(SESSION_COOKIE)?.value);
  if (!sessionId) return null;
  const resolution = await resolveSession(hashSessionId(sessionId));
  return resolution.ok ? null : resolution.reason;
}

/** The signed-in member, their compiled access and the actor the data layer takes. */
export async function requireMemberAccess(): Promise<{ session: MemberSession; access: EffectiveAccess; actor: Actor }> {
  const session = await requireMember();
  const access = await getMemberAccess(session.membership.accountId, session.membership.id);
  return { session, access, actor: actorOf(session) };
}

export function actorOf(session: MemberSession): Actor {
  return {
    userId: session.user.id,
    name: `${session.user.firstName} ${session.user.lastName}`.trim(),
    accountId: session.membership.accountId,
    membershipId: session.membership.id,
  };
}
