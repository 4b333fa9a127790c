import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verifying against this when the email is unknown makes both failures cost the same time.
let dummyHash: Promise<string> | undefined;

type Verifier = (hashed: string, password: string) => Promise<boolean>;

/**
 * Checks a password; with no stored hash (unknown email, no password yet) it still does the full work
 * against a hash made with the same parameters, so timing reveals nothing. `verifier` is for tests.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string, verifier: Verifier = verify): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('rolecall-timing-equaliser');
    await verifier(await dummyHash, password).catch(() => false);
    return false;
  }
  return verifier(storedHash, password).catch(() => false);
}
