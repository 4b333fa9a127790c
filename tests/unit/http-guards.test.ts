import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { appConfig } from '@/lib/config';
import { ACTION_BODY_LIMIT_BYTES, checkActionBody } from '@/lib/http/action-body';
import { clientIp } from '@/lib/http/client';
import { installForwardedHeadersGuard } from '@/lib/http/forwarded-headers';
import { checkSameOrigin, requestHost } from '@/lib/http/same-origin';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/http/security-headers';

const savedTrustProxy = process.env.TRUST_PROXY;
afterEach(() => {
  if (savedTrustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = savedTrustProxy;
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['false', 0],
    ['0', 0],
    ['true', 1],
    ['1', 1],
    ['2', 2],
  ])('%j trusts %i proxies', (raw, hops) => {
    if (raw === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = raw;
    expect(appConfig.trustProxyHops).toBe(hops);
  });

  it('refuses a value it cannot read, naming it', () => {
    process.env.TRUST_PROXY = 'yes please';
    expect(() => appConfig.trustProxyHops).toThrow(/TRUST_PROXY must be/);
  });
});

describe('clientIp reads X-Forwarded-For from the right', () => {
  const xff = (value: string) => new Headers({ 'x-forwarded-for': value });
  it.each([
    // No proxy: the server has put the socket's address there; nothing else counts.
    ['203.0.113.7', 0, '203.0.113.7'],
    // One proxy appends the address it was reached from: what the client wrote to its left is ignored.
    ['198.51.100.1, 203.0.113.7', 1, '203.0.113.7'],
    ['198.51.100.1, 198.51.100.2, 203.0.113.7', 1, '203.0.113.7'],
    // Two proxies: the outer one's entry.
    ['198.51.100.1, 203.0.113.7, 10.0.0.2', 2, '203.0.113.7'],
    // Fewer entries than proxies: the left-most there is.
    ['203.0.113.7', 3, '203.0.113.7'],
  ])('%j with %i trusted proxies → %j', (header, hops, expected) => {
    expect(clientIp(xff(header), hops)).toBe(expected);
  });

  it('names no address when there is none', () => {
    expect(clientIp(new Headers(), 0)).toBeNull();
    expect(clientIp(xff(' , '), 1)).toBeNull();
  });

  it('no longer believes X-Real-IP', () => {
    expect(clientIp(new Headers({ 'x-real-ip': '198.51.100.9' }), 0)).toBeNull();
  });
});

describe('without a trusted proxy the server rewrites forwarded headers before Next sees them', () => {
  it('puts the socket address in X-Forwarded-For and drops a made-up X-Forwarded-Host', async () => {
    installForwardedHeadersGuard(0);
    const server = http.createServer((request, response) => response.end(JSON.stringify(request.headers)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const seen = await (
        await fetch(`http://127.0.0.1:${port}/`, {
          headers: { 'x-forwarded-for': '198.51.100.66', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-real-ip': '198.51.100.67', forwarded: 'for=198.51.100.68' },
        })
      ).json();
      expect(seen['x-forwarded-for']).toBe('127.0.0.1');
      expect(seen).not.toHaveProperty('x-forwarded-host');
      expect(seen).not.toHaveProperty('x-forwarded-proto');
      expect(seen).not.toHaveProperty('x-real-ip');
      expect(seen).not.toHaveProperty('forwarded');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('checkSameOrigin', () => {
  const check = (headers: Record<string, string>, options: { hops?: number; publicUrl?: string } = {}) =>
    checkSameOrigin(new Headers({ host: 'localhost:3000', ...headers }), { hops: 0, publicUrl: undefined, ...options }).ok;

  it('accepts an Origin naming the host the request was sent to, or AUTH_URL', () => {
    expect(check({ origin: 'http://localhost:3000' })).toBe(true);
    expect(check({ origin: 'https://access.example.com' }, { publicUrl: 'https://access.example.com' })).toBe(true);
  });

  it('refuses a foreign Origin, even when X-Forwarded-Host agrees with it, without a trusted proxy', () => {
    expect(check({ origin: 'http://evil.example' })).toBe(false);
    expect(check({ origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' })).toBe(false);
    expect(check({ origin: 'http://localhost:3000.evil.example' })).toBe(false);
    expect(check({ origin: 'https://access.example.com.evil' }, { publicUrl: 'https://access.example.com' })).toBe(false);
  });

  it('believes X-Forwarded-Host (the nearest proxy’s entry) behind a trusted proxy', () => {
    expect(check({ origin: 'https://access.example.com', 'x-forwarded-host': 'access.example.com' }, { hops: 1 })).toBe(true);
    expect(check({ origin: 'https://evil.example', 'x-forwarded-host': 'evil.example, access.example.com' }, { hops: 1 })).toBe(false);
    expect(requestHost(new Headers({ host: 'app:3000', 'x-forwarded-host': 'Access.Example.com' }), 1)).toBe('access.example.com');
    expect(requestHost(new Headers({ host: 'app:3000', 'x-forwarded-host': 'evil.example' }), 0)).toBe('app:3000');
  });

  it('refuses `Origin: null`, junk and other schemes', () => {
    expect(check({ origin: 'null' })).toBe(false);
    expect(check({ origin: 'not a url' })).toBe(false);
    expect(check({ origin: 'file://localhost:3000' })).toBe(false);
  });

  it('without an Origin, accepts only Sec-Fetch-Site: same-origin', () => {
    expect(check({ 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(check({ 'sec-fetch-site': 'same-site' })).toBe(false);
    expect(check({ 'sec-fetch-site': 'cross-site' })).toBe(false);
    expect(check({ 'sec-fetch-site': 'none' })).toBe(false);
    expect(check({})).toBe(false);
  });

  it('says why it refused, for the log', () => {
    expect(checkSameOrigin(new Headers({ host: 'localhost:3000', origin: 'http://evil.example' }), { hops: 0 })).toEqual({
      ok: false,
      reason: 'Origin "http://evil.example" is not this site (host "localhost:3000")',
    });
  });
});

describe('checkActionBody answers bad action bodies with 400 or 413', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request('http://localhost/login', { method: 'POST', body, headers });
  const action = { 'next-action': 'abc', 'content-type': 'text/plain;charset=UTF-8' };

  it('passes JSON arguments, a well-formed form and a plain page POST', async () => {
    expect(await checkActionBody(post('["x",{"a":1}]', action))).toEqual({ ok: true });
    const form = new FormData();
    form.set('0', '["$K1"]');
    form.set('1_email', 'ada@example.com');
    expect(await checkActionBody(post(form, { 'next-action': 'abc' }))).toEqual({ ok: true });
    expect(await checkActionBody(post('a=1', { 'content-type': 'application/x-www-form-urlencoded' }))).toEqual({ ok: true });
  });

  it('refuses arguments that are not JSON, not UTF-8, or a form that does not parse', async () => {
    expect(await checkActionBody(post('not json{', action))).toMatchObject({ ok: false, status: 400 });
    expect(await checkActionBody(post(new Uint8Array([0x5b, 0xff, 0x5d]), action))).toMatchObject({ ok: false, status: 400 });
    expect(await checkActionBody(post('garbage', { 'next-action': 'abc', 'content-type': 'multipart/form-data; boundary=xyz' }))).toMatchObject({ ok: false, status: 400 });
    const form = new FormData();
    form.set('0', '{not json');
    expect(await checkActionBody(post(form, { 'next-action': 'abc' }))).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses more than 1 MB, declared or sent', async () => {
    const big = 'x'.repeat(ACTION_BODY_LIMIT_BYTES + 1);
    expect(await checkActionBody(post(JSON.stringify([big]), action))).toMatchObject({ ok: false, status: 413 });
    expect(await checkActionBody(post('[]', { ...action, 'content-length': String(ACTION_BODY_LIMIT_BYTES + 1) }))).toMatchObject({ ok: false, status: 413 });
    expect(await checkActionBody(post(JSON.stringify(['x'.repeat(ACTION_BODY_LIMIT_BYTES - 10)]), action))).toEqual({ ok: true });
  });
});

describe('security headers', () => {
  it('a nonce-based policy that forbids framing, without unsafe-eval in production', () => {
    const policy = contentSecurityPolicy('abc123', { dev: false, https: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy('abc123', { dev: true, https: false })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy('abc123', { dev: false, https: true })).toContain('upgrade-insecure-requests');
  });

  it('a fresh nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });

  it('HSTS only over https', () => {
    expect(securityHeaders({ https: false })).toEqual({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Permissions-Policy': expect.stringContaining('camera=()'),
    });
    expect(securityHeaders({ https: true })['Strict-Transport-Security']).toMatch(/^max-age=\d+; includeSubDomains$/);
  });
});
