/** The mail telling a member what became of their leave request, as HTML and plain text. Every value from people is escaped. */
import { formatDayRange } from '@/lib/validation/work';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export interface LeaveDecisionMailInput {
  firstName: string;
  accountName: string;
  approverName: string;
  decision: 'approved' | 'declined';
  startsOn: string;
  endsOn: string;
  note: string;
  url: string;
}

export function leaveDecisionMail(input: LeaveDecisionMailInput) {
  const range = formatDayRange(input.startsOn, input.endsOn);
  const verb = input.decision === 'approved' ? 'approved' : 'declined';
  const subject = `Your leave ${range} was ${verb}`;
  const lead = `${input.approverName} ${verb} your leave in ${input.accountName}: ${range}.`;
  const after = input.decision === 'approved' ? 'Your team sees you as away on those days.' : 'You can request other dates from your profile.';
  const note = input.note ? `Their note: “${input.note}”` : null;
  const html = `<!doctype html><html><body style="margin:0;background:#f1f5f9;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#0f172a">
<div style="max-width:520px;margin:32px auto;background:#fff;border:1px solid #dfe3ea;border-radius:12px;padding:28px">
<h1 style="font-size:20px;margin:0 0 16px">Hello ${escapeHtml(input.firstName)},</h1>
<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(input.approverName)} <strong>${verb}</strong> your leave in <strong>${escapeHtml(input.accountName)}</strong>: ${escapeHtml(range)}.</p>
${note ? `<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(note)}</p>` : ''}
<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(after)}</p>
<p style="margin:24px 0"><a href="${escapeHtml(input.url)}" style="background:#3b3bd6;color:#fff;text-decoration:none;padding:10px 18px;border-radius:8px;display:inline-block">Open your profile</a></p>
</div></body></html>`;
  const text = `Hello ${input.firstName},\n\n${lead}\n${note ? `${note}\n` : ''}${after}\n\nYour profile: ${input.url}\n`;
  return { subject, html, text };
}
