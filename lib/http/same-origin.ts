import { appConfig } from '@/lib/config';

/** Methods that change state: each must come from this site. */
export const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/** An untrusted header value, short and printable, for a log line. */
const forLog = (value: string) => JSON.stringify(value.slice(0, 100));

/** The right-most entry of a comma-separated header: the one the nearest proxy wrote. */
function nearestEntry(value: string | null): string | null {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.at(-1) ?? null;
}

/**
 * The host this request was addressed to: the Host header, or behind a trusted proxy (TRUST_PROXY) the host
 * the proxy was asked for. Without a proxy an X-Forwarded-Host is the sender's invention and is ignored.
 */
export function requestHost(headers: Headers, hops = appConfig.trustProxyHops): string | null {
  const host = (hops > 0 ? nearestEntry(headers.get('x-forwarded-host')) : null) ?? headers.get('host');
  return host ? host.toLowerCase() : null;
}

/**
 * Whether a state-changing request comes from this site: its Origin names this site (AUTH_URL's origin, or the
 * host the request was addressed to); without an Origin, the browser's Sec-Fetch-Site says `same-origin`.
 * Anything else (a foreign or `null` Origin, no header at all: a hand-made request) is refused.
 */
export function checkSameOrigin(headers: Headers, { hops = appConfig.trustProxyHops, publicUrl = process.env.AUTH_URL } = {}): OriginVerdict {
  const origin = headers.get('origin');
  const host = requestHost(headers, hops);
  if (origin !== null) {
    const url = URL.canParse(origin) ? new URL(origin) : null;
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      if (publicUrl && URL.canParse(publicUrl) && new URL(publicUrl).origin === url.origin) return { ok: true };
      if (host && url.host === host) return { ok: true };
    }
    return { ok: false, reason: `Origin ${forLog(origin)} is not this site (${host ? `host ${forLog(host)}` : 'no Host header'})` };
  }
  const site = headers.get('sec-fetch-site');
  if (site === 'same-origin') return { ok: true };
  if (site !== null) return { ok: false, reason: `no Origin header, and Sec-Fetch-Site is ${forLog(site)}` };
  return { ok: false, reason: 'neither an Origin nor a Sec-Fetch-Site header' };
}
