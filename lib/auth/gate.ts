import { hasPermission, type Permission } from '@/lib/access/catalogue';
import { getMemberAccess } from '@/lib/access/process-cache';
import { homePathFor, isPublicPath, requiredPermissionFor } from '@/lib/access/routes';
import { isSetupComplete } from '@/lib/dal/setup/complete-setup';
import { resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { sessionIdFromCookie } from './cookie';
import type { SessionContext, SessionEnd, SessionResolution } from './session-context';
import { hashSessionId } from './session-token';

export type GateDecision =
  | { kind: 'pass'; resolution: SessionResolution | null }
  | { kind: 'setup' }
  | { kind: 'setup-done' }
  | { kind: 'login'; ended: SessionEnd | null }
  | { kind: 'pick-account' }
  | { kind: 'forbidden'; permission: Permission; label: string; context: SessionContext }
  | { kind: 'home'; path: string };

/** What the first gate does with one request: the decision only, so it is testable without a server. */
export async function decideGate(pathname: string, cookieValue: string | undefined): Promise<GateDecision> {
  if (pathname === '/api/health' || pathname.startsWith('/api/auth/')) return { kind: 'pass', resolution: null };
  if (!(await isSetupComplete())) return pathname === '/setup' ? { kind: 'pass', resolution: null } : { kind: 'setup' };
  if (pathname === '/setup') return { kind: 'setup-done' };

  const sessionId = await sessionIdFromCookie(cookieValue);
  const resolution = sessionId ? await resolveSession(hashSessionId(sessionId)) : null;
  if (resolution?.ok) {
    const { membership } = resolution.context;
    if (!membership) {
      if (pathname === '/login') return { kind: 'pick-account' };
      return pathname === '/select-account' || isPublicPath(pathname) ? { kind: 'pass', resolution } : { kind: 'pick-account' };
    }
    const required = requiredPermissionFor(pathname);
    if (pathname === '/login' || pathname === '/' || required) {
      // The permission check: the member's compiled access, warm in the cache.
      const access = await getMemberAccess(membership.accountId, membership.id);
      if (pathname === '/login' || pathname === '/') return { kind: 'home', path: homePathFor(access) };
      if (required && !hasPermission(access, required.bit)) {
        return { kind: 'forbidden', permission: required.permission, label: required.label, context: resolution.context };
      }
    }
    return { kind: 'pass', resolution };
  }
  if (isPublicPath(pathname)) return { kind: 'pass', resolution };
  return { kind: 'login', ended: resolution && !resolution.ok ? resolution.reason : null };
}
