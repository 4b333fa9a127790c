import { createHash, randomInt } from 'node:crypto';

/*
 * Recovery codes (issue 18, item 1): ten single-use codes shown once, kept only as hashes. Each is ten
 * characters of an alphabet without look-alikes (no 0/O, 1/I/L), shown as two groups of five; typing is
 * forgiving: case, spaces and dashes do not matter. ~50 bits each: guessing is stopped by sign-in throttling
 * long before it could matter, so a fast hash bound to the login is enough.
 */

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The code as typed, reduced to what counts; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]+/g, '');
  return code.length === 10 && [...code].every((char) => ALPHABET.includes(char)) ? code : null;
}

/** The stored hash of a code for this login (the same code for another login hashes differently). */
export function hashRecoveryCode(userId: string, code: string): string {
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) throw new Error('Not a recovery code.');
  return createHash('sha256').update(`recovery:${userId}:${normalized}`).digest('hex');
}
