import 'server-only';

/**
 * The database constraint that refused a write, whichever driver reported it (postgres.js names it
 * `constraint_name`, PGlite `constraint`), looking through the causes drizzle wraps it in; null otherwise.
 */
export function violatedConstraint(error: unknown): string | null {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const named = (cause as { constraint_name?: unknown }).constraint_name ?? (cause as { constraint?: unknown }).constraint;
    if (typeof named === 'string' && named) return named;
  }
  return null;
}
