import { verify } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/auth/password-hash';

const PARAMS = /^\$argon2id\$v=19\$(m=\d+,t=\d+,p=\d+)\$/;

describe('verifyPassword', () => {
  it('does the same work for a missing hash (unknown email) as for a wrong password: one argon2id verification with the same parameters', async () => {
    const real = await hashPassword('correct horse battery staple');
    const calls: string[] = [];
    const counting = (hashed: string, password: string) => {
      calls.push(hashed);
      return verify(hashed, password);
    };
    expect(await verifyPassword(real, 'wrong password', counting)).toBe(false);
    expect(await verifyPassword(undefined, 'wrong password', counting)).toBe(false);
    expect(await verifyPassword(null, 'correct horse battery staple', counting)).toBe(false);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toBe(real);
    expect(calls[1]).not.toBe(real);
    expect(calls[1]!.match(PARAMS)?.[1]).toBe(real.match(PARAMS)?.[1]);
  });

  it('accepts the right password and refuses a malformed stored hash without throwing', async () => {
    const real = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(real, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });
});
