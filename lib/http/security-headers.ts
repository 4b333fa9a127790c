/** A fresh, unguessable nonce for one response's scripts. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

/**
 * The Content-Security-Policy of every response: scripts only with this response's nonce (Next reads it from
 * the request's copy of this header and puts it on its own scripts), never framed. Styles allow inline
 * `style` attributes, which Tailwind's and Radix's positioning need; no nonce there, since a nonce would make
 * browsers ignore 'unsafe-inline'. Development needs 'unsafe-eval' (React's debugging); production never.
 */
export function contentSecurityPolicy(nonce: string, { dev = process.env.NODE_ENV === 'development', https = isHttps() } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The other security headers: the same on every response, HSTS only when the site is served over https. */
export function securityHeaders({ https = isHttps() } = {}): Record<string, string> {
  return {
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
    ...(https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

function isHttps(): boolean {
  return (process.env.AUTH_URL ?? '').startsWith('https://');
}
