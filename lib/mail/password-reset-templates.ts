/** The mails of a forgotten password. Every value from people is escaped. */
import { escapeHtml, formatDate, layout } from './templates';

const NOT_YOU = 'If you did not ask for this, ignore this email: your password stays as it is.';

/** The single-use link that sets a new password. */
export function passwordResetMail(input: { firstName: string; email: string; url: string; expiresAt: Date }) {
  const footer = `This link works once and expires on ${formatDate(input.expiresAt)} (in 30 minutes). ${NOT_YOU}`;
  const lines = [
    `Someone, hopefully you, asked to reset the password of the Rolecall login <strong>${escapeHtml(input.email)}</strong>.`,
    'Choose a new password with the link below. Once it is set, you are signed out everywhere else.',
  ];
  return {
    subject: 'Reset your Rolecall password',
    html: layout(`Hello ${input.firstName || 'there'}`, lines, { label: 'Choose a new password', url: input.url }, footer),
    text: `Hello ${input.firstName || 'there'}\n\nSomeone, hopefully you, asked to reset the password of the Rolecall login ${input.email}.\nChoose a new password with this link. Once it is set, you are signed out everywhere else:\n\n${input.url}\n\n${footer}\n`,
  };
}

/** Sent instead of a link when every account of the login signs its person in through their organisation. */
export function ssoPasswordMail(input: { firstName: string; email: string; accountName: string; loginUrl: string }) {
  const line = `Someone, hopefully you, asked to reset the password of the Rolecall login ${input.email}. That login has no Rolecall password: ${input.accountName} signs you in through your organisation (single sign-on).`;
  const advice = 'To change your password, use your organisation’s own password page or ask its IT administrator.';
  return {
    subject: 'Your organisation signs you in to Rolecall',
    html: layout(`Hello ${input.firstName || 'there'}`, [escapeHtml(line), escapeHtml(advice)], { label: 'Open Rolecall', url: input.loginUrl }, NOT_YOU),
    text: `Hello ${input.firstName || 'there'}\n\n${line}\n${advice}\n\n${input.loginUrl}\n\n${NOT_YOU}\n`,
  };
}
