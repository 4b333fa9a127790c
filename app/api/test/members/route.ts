import { z } from 'zod';
import { builtinRoleKeys, membershipStatuses } from '@/db/schema';
import { appConfig } from '@/lib/config';
import { createMemberForTests } from '@/lib/testing/test-hooks';

const bodySchema = z.object({
  accountName: z.string().min(1).max(100),
  email: z.email(),
  password: z.string().min(12).max(128),
  firstName: z.string().min(1).max(100),
  lastName: z.string().max(100).default(''),
  role: z.enum(builtinRoleKeys).default('user'),
  roleName: z.string().min(1).max(60).optional(),
  status: z.enum(membershipStatuses).default('active'),
  accessExpiresAt: z.coerce.date().nullable().default(null),
});

/** E2E only: see lib/testing/test-hooks.ts. */
export async function POST(request: Request) {
  if (!appConfig.testHooksEnabled) return Response.json({ error: 'not_found' }, { status: 404 });
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: 'invalid', issues: parsed.error.issues }, { status: 400 });
  return Response.json(await createMemberForTests(parsed.data), { status: 201 });
}
