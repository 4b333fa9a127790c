import http, { type IncomingMessage } from 'node:http';

/** Headers a proxy writes about the original request; believable only when a proxy we trust wrote them. */
const PROXY_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'] as const;
const INSTALLED = Symbol.for('rolecall.forwardedHeadersGuard');

/**
 * Without a trusted proxy, whatever X-Forwarded-* a request carries was made up by its sender: drop them and
 * put the socket's address in X-Forwarded-For. Next fills the others in again from the Host header and the
 * socket, so everything after this (middleware.ts, Next's own server-action check, links in mail) sees the
 * truth.
 */
export function dropUntrustedForwardedHeaders(request: IncomingMessage): void {
  for (const name of PROXY_HEADERS) delete request.headers[name];
  const peer = request.socket?.remoteAddress;
  if (peer) request.headers['x-forwarded-for'] = peer.startsWith('::ffff:') ? peer.slice(7) : peer;
  else delete request.headers['x-forwarded-for'];
}

/**
 * Next gives middleware and route handlers no socket address, and keeps an X-Forwarded-For a client sent.
 * Without a trusted proxy (TRUST_PROXY unset), every HTTP server of this process therefore rewrites the
 * forwarded headers of each request before Next sees it. Called once at start-up (instrumentation.ts).
 */
export function installForwardedHeadersGuard(trustProxyHops: number): void {
  if (trustProxyHops > 0) return;
  const server = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (server[INSTALLED]) return;
  const emit = server.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') dropUntrustedForwardedHeaders(args[0] as IncomingMessage);
    return emit.apply(this, [event, ...args]);
  } as typeof server.emit;
  server[INSTALLED] = true;
}
