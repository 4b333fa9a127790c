import { describe, expect, it } from 'vitest';
import { decodeContext, encodeContext } from '@/lib/auth/forwarded-context';
import type { SessionContext } from '@/lib/auth/session-context';
import { hashSessionId, newSessionId } from '@/lib/auth/session-token';

const context: SessionContext = {
  sessionIdHash: 'abc',
  user: { id: 'u1', email: 'a@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  membership: null,
};

describe('the context middleware.ts forwards', () => {
  it('round-trips what this process signed', () => {
    expect(decodeContext(encodeContext(context))).toEqual(context);
  });

  it('rejects a header a client forged or altered', () => {
    const [payload, signature] = encodeContext(context).split('.');
    const forged = Buffer.from(JSON.stringify({ ...context, user: { ...context.user, id: 'u2' } })).toString('base64url');
    expect(decodeContext(`${forged}.${signature}`)).toBeNull();
    expect(decodeContext(`${payload}.${signature!.slice(0, -2)}xx`)).toBeNull();
    expect(decodeContext(payload!)).toBeNull();
    expect(decodeContext(null)).toBeNull();
  });
});

describe('session ids', () => {
  it('are 256-bit random and stored only as a hash', () => {
    const id = newSessionId();
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(newSessionId()).not.toBe(id);
    expect(hashSessionId(id)).not.toContain(id);
    expect(hashSessionId(id)).toBe(hashSessionId(id));
  });
});
