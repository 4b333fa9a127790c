import 'server-only';
import { headers } from 'next/headers';

/** Where links in mail point: AUTH_URL in production, else the host this request came to. */
export async function appOrigin(): Promise<string> {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  const h = await headers();
  return `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000'}`;
}
