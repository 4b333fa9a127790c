import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionContext } from './session-context';

/**
 * middleware.ts resolves the session once and hands it to the page, action or route in this request
 * header. It always overwrites the header, and the value is signed with a key that exists only inside this
 * process, so a client that sends its own header gets nothing: the reader falls back to the cookie.
 */
export const CONTEXT_HEADER = 'x-rolecall-context';

const globalForKey = globalThis as unknown as { __rolecallContextKey?: Buffer };
function key(): Buffer {
  return (globalForKey.__rolecallContextKey ??= randomBytes(32));
}

function sign(payload: string): string {
  return createHmac('sha256', key()).update(payload).digest('base64url');
}

export function encodeContext(context: SessionContext): string {
  const payload = Buffer.from(JSON.stringify(context)).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

export function decodeContext(value: string | null): SessionContext | null {
  if (!value) return null;
  const [payload, signature] = value.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionContext;
  } catch {
    return null;
  }
}
