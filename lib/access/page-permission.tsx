import 'server-only';
import type { ReactElement } from 'react';
import { Forbidden } from '@/components/forbidden';
import { requireMemberAccess, type MemberSession } from '@/lib/auth/current';
import { hasPermission } from './catalogue';
import type { Actor } from './checks';
import type { EffectiveAccess } from './resolver';
import { guardedRoute, type GuardedHref } from './routes';

export type PageAccess =
  | { allowed: true; session: MemberSession; access: EffectiveAccess; actor: Actor }
  | { allowed: false; forbidden: ReactElement };

/**
 * The check a guarded page makes first, from its entry in the ROUTES table (routes.ts): the signed-in
 * member (else a redirect to /login or the account picker), with their access when they hold the entry's
 * permission; otherwise what the page shows instead: the 403 content naming the permission and why they
 * lack it (components/forbidden.tsx). middleware.ts has normally refused them already; this is the page
 * checking on its own. It returns the refusal rather than throwing, so the page answers exactly as it did
 * with the check written by hand (Next's forbidden() would change the status and need an experimental flag).
 */
export async function requirePagePermission(href: GuardedHref): Promise<PageAccess> {
  const member = await requireMemberAccess();
  const { permission, bit, label } = guardedRoute(href);
  if (hasPermission(member.access, bit)) return { allowed: true, ...member };
  return { allowed: false, forbidden: <Forbidden permission={permission} area={label} /> };
}
