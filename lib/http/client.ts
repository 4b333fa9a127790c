/** The client's address as the nearest proxy (or Next's own server) reports it. */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) {
    const first = forwarded.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return headers.get('x-real-ip')?.slice(0, 64) ?? null;
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
