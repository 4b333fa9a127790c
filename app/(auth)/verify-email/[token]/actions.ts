'use server';

import { z } from 'zod';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta } from '@/lib/auth/current';
import { confirmContactEmail } from '@/lib/dal/profile';
import { secretTextSchema } from '@/lib/validation/primitives';

const schema = z.object({ token: secretTextSchema().min(20).max(100) });

/** Confirms a contact email through its link. Public: the token is the credential, and it works once. */
export async function confirmContactEmailAction(input: unknown) {
  return runAction(schema, input, async ({ token }) => confirmContactEmail(token, await getRequestMeta()));
}
