import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Secrets kept at rest encrypted (issue 18: authenticator secrets; issue 19: SSO client secrets): AES-256-GCM
 * with a key derived from AUTH_SECRET by HKDF-SHA256, one key per purpose, so a value sealed for one purpose
 * never opens as another. A sealed value is text: "v1." + base64url(iv ‖ tag ‖ ciphertext). Pure: the caller
 * passes the app secret (lib/auth/secret.ts).
 */

const VERSION = 'v1.';

function keyFor(appSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'rolecall secret-box', purpose, 32));
}

export function seal(appSecret: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(appSecret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plaintext, or null when the value was not sealed with this secret and purpose (or was altered). */
export function open(appSecret: string, purpose: string, sealed: string): string | null {
  if (!sealed.startsWith(VERSION)) return null;
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(appSecret, purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
