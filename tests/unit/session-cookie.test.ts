import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'x'.repeat(40);

describe('session cookie decoding', () => {
  let cookie: typeof import('@/lib/auth/cookie');
  beforeAll(async () => {
    process.env.AUTH_SECRET = SECRET;
    cookie = await import('@/lib/auth/cookie');
  });
  const mint = (claims: Record<string, unknown>, maxAge = 3600) => encode({ token: claims, secret: SECRET, salt: cookie.SESSION_COOKIE, maxAge });

  it('reads the session id, the same on a second read (kept decrypted)', async () => {
    const value = await mint({ sid: 'session-1' });
    expect(await cookie.sessionIdFromCookie(value)).toBe('session-1');
    expect(await cookie.sessionIdFromCookie(value)).toBe('session-1');
  });

  it('refuses a forged or tampered cookie, however often it is sent', async () => {
    const value = await mint({ sid: 'session-2' });
    const tampered = `${value.slice(0, -4)}${value.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    for (let i = 0; i < 2; i++) expect(await cookie.sessionIdFromCookie(tampered)).toBeNull();
    const otherSecret = await encode({ token: { sid: 'session-2' }, secret: 'y'.repeat(40), salt: cookie.SESSION_COOKIE });
    expect(await cookie.sessionIdFromCookie(otherSecret)).toBeNull();
    expect(await cookie.sessionIdFromCookie(undefined)).toBeNull();
    expect(await cookie.sessionIdFromCookie('')).toBeNull();
  });

  it('stops reading a kept cookie once its token has expired', async () => {
    const value = await mint({ sid: 'session-3' }, 1);
    expect(await cookie.sessionIdFromCookie(value)).toBe('session-3');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await cookie.sessionIdFromCookie(value)).toBeNull();
  });

  it('refuses a token without a session id', async () => {
    expect(await cookie.sessionIdFromCookie(await mint({ sub: 'someone' }))).toBeNull();
  });
});
