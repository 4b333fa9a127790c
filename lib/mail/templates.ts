/** The mails Rolecall sends, as HTML and plain text. Every value from people is escaped. */

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export function layout(title: string, paragraphs: string[], action: { label: string; url: string } | null, footer: string): string {
  return `<!doctype html><html><body style="margin:0;background:#f1f5f9;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#0f172a">
<div style="max-width:520px;margin:32px auto;background:#fff;border:1px solid #dfe3ea;border-radius:12px;padding:28px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>
${paragraphs.map((paragraph) => `<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${paragraph}</p>`).join('\n')}
${action ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#3b3bd6;color:#fff;text-decoration:none;padding:10px 18px;border-radius:8px;display:inline-block">${escapeHtml(action.label)}</a></p>` : ''}
<p style="font-size:13px;color:#5b6474;margin:0">${escapeHtml(footer)}</p>
</div></body></html>`;
}

export const formatDate = (date: Date) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';

export function activationMail(input: { firstName: string; accountName: string; senderName: string; roleName: string; url: string; expiresAt: Date }) {
  const subject = `${input.senderName} added you to ${input.accountName} on Rolecall`;
  const expires = formatDate(input.expiresAt);
  return {
    subject,
    html: layout(
      `Welcome, ${input.firstName}`,
      [`${escapeHtml(input.senderName)} added you to <strong>${escapeHtml(input.accountName)}</strong> as ${escapeHtml(input.roleName)}.`, 'Choose a password to activate your login.'],
      { label: 'Set your password', url: input.url },
      `This link works once and expires on ${expires}. If you did not expect this email, you can ignore it.`,
    ),
    text: `Welcome, ${input.firstName}\n\n${input.senderName} added you to ${input.accountName} as ${input.roleName}.\nChoose a password to activate your login:\n\n${input.url}\n\nThis link works once and expires on ${expires}. If you did not expect this email, you can ignore it.\n`,
  };
}

export function invitationMail(input: { accountName: string; senderName: string; roleName: string; url: string; linkExpiresAt: Date; accessExpiresAt: Date | null }) {
  const subject = `${input.senderName} invited you to ${input.accountName} on Rolecall`;
  const temporary = input.accessExpiresAt ? ` Your access is temporary: it ends on ${formatDate(input.accessExpiresAt)}.` : '';
  const footer = `This link works once and expires on ${formatDate(input.linkExpiresAt)}. If you did not expect this invitation, you can ignore it.`;
  return {
    subject,
    html: layout(
      `Join ${input.accountName}`,
      [`${escapeHtml(input.senderName)} invited you to <strong>${escapeHtml(input.accountName)}</strong> as ${escapeHtml(input.roleName)}.${escapeHtml(temporary)}`],
      { label: 'Accept the invitation', url: input.url },
      footer,
    ),
    text: `Join ${input.accountName}\n\n${input.senderName} invited you to ${input.accountName} as ${input.roleName}.${temporary}\n\nAccept the invitation:\n${input.url}\n\n${footer}\n`,
  };
}

/** Told to a member when an admin changes when their access ends (issue 13: temporary access after acceptance). */
export function accessEndMail(input: { firstName: string; accountName: string; senderName: string; accessExpiresAt: Date | null; endedNow: boolean; url: string }) {
  const when = input.accessExpiresAt ? formatDate(input.accessExpiresAt) : null;
  const [subject, line] = input.endedNow
    ? [`Your access to ${input.accountName} has ended`, `${input.senderName} ended your access to ${input.accountName}.`]
    : when
      ? [`Your access to ${input.accountName} now ends on ${when}`, `${input.senderName} changed your access to ${input.accountName}: it now ends on ${when}.`]
      : [`Your access to ${input.accountName} no longer ends`, `${input.senderName} made your access to ${input.accountName} permanent: it no longer ends on a set date.`];
  const footer = 'You are getting this because your access changed. If you have questions, ask the person who changed it.';
  return {
    subject,
    html: layout(`Hello ${input.firstName || 'there'}`, [escapeHtml(line)], { label: 'Open Rolecall', url: input.url }, footer),
    text: `Hello ${input.firstName || 'there'}\n\n${line}\n\n${input.url}\n\n${footer}\n`,
  };
}
