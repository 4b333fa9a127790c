import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { DalError } from '@/lib/dal/errors';
import { fieldErrorsOf } from '@/lib/validation/primitives';

import type { ActionResult } from './types';

export type { ActionResult };

/**
 * Every server action reads the same way: parse the input with zod, then run the body (get the actor, call
 * the data layer, revalidate). Bad input and expected refusals (DalError) come back as results with a
 * human message; anything else is logged with a reference the person can quote. Next's redirects pass.
 */
export async function runAction<S extends z.ZodType, T>(schema: S, input: unknown, body: (data: z.infer<S>) => Promise<T>): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, code: 'invalid', message: Object.values(fieldErrors)[0] ?? 'Check the highlighted fields.', fieldErrors };
  }
  try {
    return { ok: true, data: await body(parsed.data) };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof DalError) return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
    const reference = randomUUID().slice(0, 8);
    console.error(`[action ${reference}]`, error);
    return { ok: false, code: 'internal', message: `Something went wrong on our side (reference ${reference}). Try again.` };
  }
}
