import { isSetupComplete } from '@/lib/dal/setup';
import { resolveSession } from '@/lib/dal/sessions';
import { sessionIdFromCookie } from './cookie';
import type { SessionEnd, SessionResolution } from './session-context';
import { hashSessionId } from './session-token';

/** Pages anyone may open; everything else needs a session. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === '/login' ||
    pathname === '/setup' ||
    pathname.startsWith('/invite/') ||
    pathname === '/api/health' ||
    pathname.startsWith('/api/auth/')
  );
}

export type GateDecision =
  | { kind: 'pass'; resolution: SessionResolution | null }
  | { kind: 'setup' }
  | { kind: 'setup-done' }
  | { kind: 'login'; ended: SessionEnd | null }
  | { kind: 'pick-account' }
  | { kind: 'home' };

/** What the first gate does with one request: the decision only, so it is testable without a server. */
export async function decideGate(pathname: string, cookieValue: string | undefined): Promise<GateDecision> {
  if (pathname === '/api/health' || pathname.startsWith('/api/auth/')) return { kind: 'pass', resolution: null };
  if (!(await isSetupComplete())) return pathname === '/setup' ? { kind: 'pass', resolution: null } : { kind: 'setup' };
  if (pathname === '/setup') return { kind: 'setup-done' };

  const sessionId = await sessionIdFromCookie(cookieValue);
  const resolution = sessionId ? await resolveSession(hashSessionId(sessionId)) : null;
  if (resolution?.ok) {
    const { membership } = resolution.context;
    if (pathname === '/login') return { kind: 'home' };
    if (!membership && pathname !== '/select-account' && !isPublicPath(pathname)) return { kind: 'pick-account' };
    return { kind: 'pass', resolution };
  }
  if (isPublicPath(pathname)) return { kind: 'pass', resolution };
  return { kind: 'login', ended: resolution && !resolution.ok ? resolution.reason : null };
}
