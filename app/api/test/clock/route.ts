import { z } from 'zod';
import { clockOffset, setClockOffset } from '@/lib/clock';
import { appConfig } from '@/lib/config';

const bodySchema = z.object({ offsetMs: z.number().int().min(0).max(10 * 365 * 86_400_000) });

/** E2E only: moves the server's clock forward, so expiry can be tested without waiting. */
export async function POST(request: Request) {
  if (!appConfig.testHooksEnabled) return Response.json({ error: 'not_found' }, { status: 404 });
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: 'invalid' }, { status: 400 });
  setClockOffset(parsed.data.offsetMs);
  return Response.json({ offsetMs: clockOffset() });
}
