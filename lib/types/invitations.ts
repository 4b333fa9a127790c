// What the invite dialog shows of each row it sent: shared by lib/dal/invitations and the browser.

export interface InviteRowResult {
  email: string;
  outcome: 'sent' | 'refreshed' | 'refused';
  reason?: string;
}
