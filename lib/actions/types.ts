import type { DalErrorCode } from '@/lib/dal/core/errors';

/** Why an action failed: an expected refusal from the data layer, or a bug on our side (logged with a reference). */
export type ActionErrorCode = DalErrorCode | 'internal';

/** What every server action answers: data, or an expected failure with a human message. */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; code: ActionErrorCode; message: string; fieldErrors?: Record<string, string> };
