/** The profile's mail: verifying a contact email. Every value from people is escaped. */
import { escapeHtml, formatDate, layout } from './templates';

export function contactEmailVerificationMail(input: { firstName: string; address: string; url: string; expiresAt: Date }) {
  const expires = formatDate(input.expiresAt);
  const footer = `This link works once and expires on ${expires}. If you did not ask for this, ignore this email: the address will not be used.`;
  return {
    subject: 'Confirm your contact email for Rolecall',
    html: layout(
      `Confirm your contact email, ${input.firstName}`,
      [`You asked Rolecall to send your notifications to <strong>${escapeHtml(input.address)}</strong>.`, 'Confirm that this address is yours; until then, notifications keep going to your login email.'],
      { label: 'Confirm this address', url: input.url },
      footer,
    ),
    text: `Confirm your contact email, ${input.firstName}\n\nYou asked Rolecall to send your notifications to ${input.address}.\nConfirm that this address is yours; until then, notifications keep going to your login email:\n\n${input.url}\n\n${footer}\n`,
  };
}

export function phoneCodeSms(code: string): string {
  return `${code} is your Rolecall verification code. It expires in 10 minutes. Never share it.`;
}
