/** What every server action answers: data, or an expected failure with a human message. */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };
