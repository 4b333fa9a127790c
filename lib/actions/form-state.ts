import type { ActionResult } from './types';

/** What a `useActionState` form action answers: one ActionResult, with the typed values it keeps (never a password). */
export type FormState<T> = ActionResult<T> & { values?: Record<string, string> };

/** What a form shows of its state: the result's data, a refusal to show above the fields, each field's error and the kept values. */
export function feedbackOf<T>(state: FormState<T> | null): {
  data: T | undefined;
  /** The refusal, for an alert; bad input is shown beside its fields instead. */
  alert: string | undefined;
  /** Any failure's message (for a form without fields of its own). */
  message: string | undefined;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
} {
  if (!state) return { data: undefined, alert: undefined, message: undefined, fieldErrors: {}, values: {} };
  if (state.ok) return { data: state.data, alert: undefined, message: undefined, fieldErrors: {}, values: state.values ?? {} };
  return {
    data: undefined,
    alert: state.code === 'invalid' && state.fieldErrors ? undefined : state.message,
    message: state.message,
    fieldErrors: state.fieldErrors ?? {},
    values: state.values ?? {},
  };
}
