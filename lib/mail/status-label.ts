/** What the Invites tab says about an invitation's newest mail. Pure, so it is tested without a database. */
export interface MailState {
  status: 'pending' | 'sending' | 'sent' | 'failed' | string;
  lastError: string | null;
  /** Attempts started, including one still in flight. */
  attempts: number;
  /** Who took it: `local:…` when no mail provider is set up and it was only kept in the local mailbox. */
  providerId?: string | null;
}

export const KEPT_LOCALLY = 'Kept in the local mailbox (not delivered)';

/** Whether a message "sent" went only to the local mailbox (no RESEND_API_KEY), never to the person. */
export const keptLocally = (mail: { status: string; providerId?: string | null }) => mail.status === 'sent' && Boolean(mail.providerId?.startsWith('local:'));

export interface MailStatusLabel {
  label: string;
  tone: 'muted' | 'progress' | 'warning' | 'success' | 'failure';
  /** The full error, for a tooltip. */
  detail?: string;
}

export function mailStatusLabel(mail: MailState): MailStatusLabel {
  if (keptLocally(mail)) return { label: KEPT_LOCALLY, tone: 'muted' };
  if (mail.status === 'sent') return { label: 'Sent', tone: 'success' };
  if (mail.status === 'failed') {
    const error = mail.lastError ?? 'Not delivered';
    // "Not delivered after 3 days: Timed out" reads "Failed — not delivered after 3 days".
    const gaveUp = /^Not delivered after [^:]+/.exec(error)?.[0];
    return { label: gaveUp ? `Failed — ${gaveUp.charAt(0).toLowerCase()}${gaveUp.slice(1)}` : `Failed: ${error}`, tone: 'failure', detail: error };
  }
  // Only an attempt that came back with an error is a failure; one in flight is just sending.
  const failures = mail.lastError === null ? 0 : mail.status === 'sending' ? mail.attempts - 1 : mail.attempts;
  if (failures > 0) return { label: `Retrying (${failures} failed)`, tone: 'warning', detail: mail.lastError ?? undefined };
  if (mail.status === 'pending' && mail.attempts === 0) return { label: 'Queued', tone: 'muted' };
  return { label: 'Sending', tone: 'progress' };
}
