/** The mail that tells a sender their mail could not be delivered. Every value from people is escaped. */
import { escapeHtml, layout } from './templates';

const SHOWN = 20;

export function undeliveredNotice(input: { firstName: string; accountName: string; addresses: string[]; reason: string; invitesUrl: string | null }) {
  const shown = input.addresses.slice(0, SHOWN);
  const more = input.addresses.length - shown.length;
  const list = shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
  const subject = input.addresses.length === 1 ? `Your mail to ${input.addresses[0]} was not delivered` : `Your mail to ${input.addresses.length} people was not delivered`;
  const where = 'Open Users → Invites in Rolecall to send it again ("Retry all failed").';
  const footer = 'If this notice cannot be delivered either, no further notice is sent.';
  return {
    subject,
    html: layout(
      `Mail not delivered, ${input.firstName}`,
      [`Rolecall could not deliver your mail from <strong>${escapeHtml(input.accountName)}</strong> to ${escapeHtml(list)}.`, `Reason: ${escapeHtml(input.reason)}`, escapeHtml(where)],
      input.invitesUrl ? { label: 'Open Invites', url: input.invitesUrl } : null,
      footer,
    ),
    text: `Mail not delivered, ${input.firstName}\n\nRolecall could not deliver your mail from ${input.accountName} to ${list}.\nReason: ${input.reason}\n${where}${input.invitesUrl ? `\n\n${input.invitesUrl}` : ''}\n\n${footer}\n`,
  };
}
