import { appConfig } from '@/lib/config';

/**
 * The client's address, from X-Forwarded-For read right to left. Each proxy appends the address it was
 * reached from, so with TRUST_PROXY=N the N-th entry from the right is the address the outermost trusted
 * proxy saw; anything to its left was written by the client and is ignored. Without a proxy (the default) the
 * server itself overwrites the header with the socket's address (lib/http/forwarded-headers.ts), so the
 * right-most entry is the socket's: a made-up X-Forwarded-For cannot dodge the per-address sign-in throttle.
 */
export function clientIp(headers: Headers, hops = appConfig.trustProxyHops): string | null {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  return chain[Math.max(0, chain.length - Math.max(1, hops))]!.slice(0, 64);
}

export function userAgent(headers: Headers): string | null {
  return headers.get('user-agent')?.slice(0, 512) ?? null;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientIp(headers), userAgent: userAgent(headers) };
}

const NEXT_BASE = 'http://rolecall.invalid';

/** A path that stays on this site when a browser follows it: one leading slash, no backslash or control character. */
function isSameSitePath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !/[\u0000-\u001f\\]/.test(path);
}

/**
 * Only a same-site relative path may follow sign-in: never `//evil.example` or `https://…`. The path is
 * judged after the URL parser has normalised it, because that is what is returned: `/.//evil.example`
 * looks relative but folds into `//evil.example`.
 */
export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048 || !isSameSitePath(next)) return fallback;
  try {
    const url = new URL(next, NEXT_BASE);
    const path = url.pathname + url.search + url.hash;
    if (url.origin !== NEXT_BASE || !isSameSitePath(path) || path.length > 2048) return fallback;
    if (url.pathname.startsWith('/api/') || url.pathname === '/login') return fallback;
    return path;
  } catch {
    return fallback;
  }
}
