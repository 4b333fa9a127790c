import 'server-only';
import type { z } from 'zod';
import { getRequestMeta } from '@/lib/auth/current';
import type { FormState } from './form-state';
import { failureResult, invalidResult, type PublicContext } from './result';

export type { FormState } from './form-state';

export interface FormSpec<S extends z.ZodType> {
  /** The fields read from the FormData, as text ('' when absent or not text). */
  fields: readonly string[];
  /** Fields left out when absent (so the schema's default applies) instead of read as ''. */
  optional?: readonly string[];
  /** Fields sent back with the answer so the form keeps them after a refusal (never a password). */
  keep?: readonly string[];
  schema: S;
  /**
   * Completes the input before it is parsed, from what the fields point at (a link's token → the email and
   * names the password is checked against). Throwing a DalError refuses the form with its message.
   */
  complete?: (raw: Record<string, string | undefined>) => Promise<Record<string, unknown>>;
}

/**
 * A form action for `useActionState` (previous state, FormData), reading the same way as every other
 * action: the fields → (completed) → parsed with zod → the body → one ActionResult, plus the kept values.
 * Public: the body checks whatever session, token or credential it needs.
 */
export function formAction<S extends z.ZodType, T>(spec: FormSpec<S>, body: (data: z.infer<S>, context: PublicContext) => Promise<T>) {
  return async (_previous: FormState<T> | null, formData: FormData): Promise<FormState<T>> => {
    const raw: Record<string, string | undefined> = {};
    for (const field of spec.fields) {
      const value = formData instanceof FormData ? formData.get(field) : null;
      if (value === null && spec.optional?.includes(field)) continue;
      raw[field] = typeof value === 'string' ? value : '';
    }
    const values = Object.fromEntries((spec.keep ?? []).map((field) => [field, (raw[field] ?? '').slice(0, 254)]));
    const kept = <R extends FormState<T>>(result: R): R => (spec.keep?.length ? { ...result, values } : result);
    try {
      const parsed = spec.schema.safeParse(spec.complete ? await spec.complete(raw) : raw);
      if (!parsed.success) return kept(invalidResult(parsed.error));
      return kept({ ok: true, data: await body(parsed.data, { meta: await getRequestMeta() }) });
    } catch (error) {
      return kept(failureResult(error));
    }
  };
}
