import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/auth/cookie';
import { CONTEXT_HEADER, encodeContext } from '@/lib/auth/forwarded-context';
import { decideGate } from '@/lib/auth/gate';
import { appConfig } from '@/lib/config';
import { checkActionBody } from '@/lib/http/action-body';
import { checkSameOrigin, STATE_CHANGING_METHODS } from '@/lib/http/same-origin';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/http/security-headers';

/**
 * The first gate: a state-changing request from another site is refused, a page's POST body is checked
 * before Next decodes it, then first-run setup, then "is this session alive?" on every request. It decides
 * through lib/auth/gate.ts and forwards the resolved session to the page in a signed header; the data layer
 * checks again on its own. Every answer, its own or the page's, carries the security headers.
 */
export default async function middleware(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const response = await gateRequest(request, csp);
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  return response;
}

async function gateRequest(request: NextRequest, csp: string): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith('/api/');
  const forwardHeaders = new Headers(request.headers);
  forwardHeaders.delete(CONTEXT_HEADER);
  // Next reads the nonce for its own scripts from the request's copy of the policy.
  forwardHeaders.set('content-security-policy', csp);

  if (pathname.startsWith('/api/test/')) {
    return appConfig.testHooksEnabled
      ? NextResponse.next({ request: { headers: forwardHeaders } })
      : NextResponse.json({ error: 'not_found' }, { status: 404 });
  }

  if (STATE_CHANGING_METHODS.has(request.method)) {
    const verdict = checkSameOrigin(request.headers);
    if (!verdict.ok) {
      console.warn(`[csrf] refused ${request.method} ${pathname.slice(0, 200)}: ${verdict.reason}`);
      return isApi || request.headers.has('next-action')
        ? NextResponse.json({ error: 'forbidden', message: 'Cross-site requests are refused.' }, { status: 403 })
        : new NextResponse('Cross-site requests are refused.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    if (!isApi) {
      const body = await checkActionBody(request);
      if (!body.ok) return NextResponse.json({ error: body.status === 413 ? 'too_large' : 'invalid', message: body.message }, { status: body.status });
    }
  }

  let decision;
  try {
    decision = await decideGate(pathname, request.cookies.get(SESSION_COOKIE)?.value);
  } catch (error) {
    console.error('[middleware] cannot reach the database', error);
    return isApi
      ? NextResponse.json({ error: 'unavailable', message: 'The database is unavailable.' }, { status: 503 })
      : new NextResponse('Rolecall cannot reach its database right now. Try again in a moment.', {
          status: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' },
        });
  }

  const to = (path: string) => NextResponse.redirect(new URL(path, request.url));
  switch (decision.kind) {
    case 'setup':
      return isApi ? NextResponse.json({ error: 'setup_required' }, { status: 503 }) : to('/setup');
    case 'setup-done':
      return to('/login');
    case 'home':
      return to(decision.path);
    case 'forbidden': {
      // Answered in place (no redirect, so no loop): 403 with the permission that is missing.
      if (isApi) return NextResponse.json({ error: 'forbidden', permission: decision.permission }, { status: 403 });
      const url = new URL('/forbidden', request.url);
      url.searchParams.set('permission', decision.permission);
      url.searchParams.set('area', decision.label);
      forwardHeaders.set(CONTEXT_HEADER, encodeContext(decision.context));
      return NextResponse.rewrite(url, { status: 403, request: { headers: forwardHeaders } });
    }
    case 'pick-account': {
      if (isApi) return NextResponse.json({ error: 'account_required' }, { status: 403 });
      return to(`/select-account?next=${encodeURIComponent(pathname + search)}`);
    }
    case 'login':
      // An ended session's cookie is left in place (its registry row is closed, so it opens nothing): every
      // request, a background prefetch included, can then say why, until the next sign-in replaces it.
      return isApi
        ? NextResponse.json({ error: 'unauthenticated', reason: decision.ended }, { status: 401 })
        : NextResponse.redirect(loginUrl(request, decision.ended));
    case 'pass': {
      const { resolution } = decision;
      if (resolution?.ok) forwardHeaders.set(CONTEXT_HEADER, encodeContext(resolution.context));
      return NextResponse.next({ request: { headers: forwardHeaders } });
    }
  }
}

function loginUrl(request: NextRequest, ended: string | null): URL {
  const url = new URL('/login', request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== '/' && pathname !== '/dashboard') url.searchParams.set('next', pathname + search);
  if (ended) url.searchParams.set('reason', ended);
  return url;
}

export const config = {
  // Node.js, not Edge: the gate reads the database (see NOTES.md).
  runtime: 'nodejs',
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)'],
};
