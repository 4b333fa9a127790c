const FAILURE_REASONS: Record<string, string> = {
  invalid_credentials: 'wrong password',
  locked: 'refused while locked out',
  deactivated: 'refused: deactivated',
  access_expired: 'refused: access expired',
  pending: 'refused: awaiting approval',
};

/** " (wrong password)" and the like, for a failed sign-in in a list of recent sign-ins; empty when unknown. */
export function failureSuffix(reason: string | null): string {
  return reason && Object.hasOwn(FAILURE_REASONS, reason) ? ` (${FAILURE_REASONS[reason]})` : '';
}
