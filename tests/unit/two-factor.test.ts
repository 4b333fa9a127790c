import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from '@/lib/auth/recovery-codes';
import { open, seal } from '@/lib/auth/secret-box';
import { acceptTotp, newTotpSecret, TOTP_PERIOD_SECONDS, totpCode, totpUri } from '@/lib/auth/totp';

// Issue 18's building blocks, pure: authenticator codes, secrets sealed at rest, recovery codes.

const STEP = TOTP_PERIOD_SECONDS * 1000;

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 test vector (SHA-1, 59 s → 94287082, its last 6 digits)', () => {
    // The RFC's SHA-1 seed "12345678901234567890" in base32.
    expect(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082');
    expect(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1_111_111_109_000)).toBe('081804');
  });

  it('accepts the code of this step and of one step either side, never two steps away', () => {
    const secret = newTotpSecret();
    const at = 1_800_000_000_000;
    for (const offset of [-1, 0, 1]) expect(acceptTotp(secret, totpCode(secret, at + offset * STEP), at, null)).not.toBeNull();
    for (const offset of [-2, 2]) expect(acceptTotp(secret, totpCode(secret, at + offset * STEP), at, null)).toBeNull();
  });

  it('refuses a code used before, or older than the last one used (replay)', () => {
    const secret = newTotpSecret();
    const at = 1_800_000_000_000;
    const step = acceptTotp(secret, totpCode(secret, at), at, null)!;
    expect(acceptTotp(secret, totpCode(secret, at), at, step)).toBeNull();
    expect(acceptTotp(secret, totpCode(secret, at - STEP), at, step)).toBeNull();
    expect(acceptTotp(secret, totpCode(secret, at + STEP), at + STEP, step)).toBe(step + 1);
  });

  it('refuses malformed codes and codes of another secret; spaces are forgiven', () => {
    const secret = newTotpSecret();
    const at = 1_800_000_000_000;
    const code = totpCode(secret, at);
    expect(acceptTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at, null)).not.toBeNull();
    for (const wrong of ['', '12345', '1234567', 'abcdef', '12345\u0000']) expect(acceptTotp(secret, wrong, at, null)).toBeNull();
    expect(acceptTotp(newTotpSecret(), code, at, null)).toBeNull();
  });

  it('gives apps a standard otpauth:// URI with the issuer and the login', () => {
    const uri = totpUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { issuer: 'Rolecall', label: 'ada@example.com' });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Rolecall:ada%40example\.com\?/);
    expect(uri).toContain('secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
  });
});

describe('secret box', () => {
  it('opens what it sealed, for the same secret and purpose only; an altered value opens as nothing', () => {
    const sealed = seal('app secret of 32 characters......', 'totp', 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open('app secret of 32 characters......', 'totp', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(open('another secret of 32 characters..', 'totp', sealed)).toBeNull();
    expect(open('app secret of 32 characters......', 'sso', sealed)).toBeNull();
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
    expect(open('app secret of 32 characters......', 'totp', flipped)).toBeNull();
    expect(open('app secret of 32 characters......', 'totp', 'junk')).toBeNull();
    // Two seals of one value differ (a fresh nonce each time).
    expect(seal('app secret of 32 characters......', 'totp', 'x')).not.toBe(seal('app secret of 32 characters......', 'totp', 'x'));
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of two groups of five, typed forgivingly, hashed per login', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    const code = codes[0]!;
    expect(normalizeRecoveryCode(` ${code.toLowerCase().replace('-', ' - ')} `)).toBe(code.replace('-', ''));
    expect(hashRecoveryCode('user-a', code.toLowerCase())).toBe(hashRecoveryCode('user-a', code));
    expect(hashRecoveryCode('user-a', code)).not.toBe(hashRecoveryCode('user-b', code));
    for (const wrong of ['', 'ABCDE-FGHI', 'ABCDE-FGHIJK', 'ABCD0-FGHIJ', 'ABCDE-FGHI\u0000']) expect(normalizeRecoveryCode(wrong)).toBeNull();
  });
});
