import { z } from 'zod';
import { appConfig } from '@/lib/config';
import { setMembershipStatusForTests } from '@/lib/testing/test-hooks';
import { membershipStatuses } from '@/db/schema';

const bodySchema = z.object({ email: z.email(), status: z.enum(membershipStatuses) });

/** E2E only: see lib/testing/test-hooks.ts. */
export async function POST(request: Request) {
  if (!appConfig.testHooksEnabled) return Response.json({ error: 'not_found' }, { status: 404 });
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: 'invalid' }, { status: 400 });
  const updated = await setMembershipStatusForTests(parsed.data.email, parsed.data.status);
  return Response.json({ updated });
}
