import { MailWarning } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LocalTime } from '@/components/local-time';
import { Alert } from '@/components/ui/alert';
import { requireMemberAccess } from '@/lib/auth/current';
import { DalError } from '@/lib/dal/core/errors';
import { listKeptMail } from '@/lib/dal/ops/mail-outbox';

export const metadata: Metadata = { title: 'Local mailbox' };

/** While no RESEND_API_KEY is set, mail is kept here for the account's Owners instead of being delivered. */
export default async function LocalMailboxPage() {
  const { actor } = await requireMemberAccess();
  const mail = await listKeptMail(actor).catch((error) => {
    if (error instanceof DalError) notFound();
    throw error;
  });
  return (
    <div className="grid max-w-4xl grid-cols-1 gap-5">
      <h1 className="text-2xl font-semibold">Local mailbox</h1>
      <Alert variant="error" className="flex items-start gap-2">
        <MailWarning className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          Mail is not being delivered: <code>RESEND_API_KEY</code> is not set. Messages are kept here instead. Set the key to send them by
          email.
        </span>
      </Alert>
      {mail.length === 0 ? <p className="text-muted-foreground">No mail yet.</p> : null}
      <ul className="grid grid-cols-1 gap-3" data-testid="kept-mail">
        {mail.map((message) => (
          <li key={message.id} className="min-w-0 rounded-xl border border-border">
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center justify-between gap-2 px-4 py-3">
                <span className="grid min-w-0">
                  <span className="font-medium [overflow-wrap:anywhere]">{message.subject}</span>
                  <span className="text-sm text-muted-foreground [overflow-wrap:anywhere]">To {message.to}</span>
                </span>
                <span className="text-sm text-muted-foreground">
                  <LocalTime iso={message.createdAt} /> · {message.status}
                </span>
              </summary>
              <div className="grid gap-3 border-t border-border p-4">
                <iframe title={`Mail: ${message.subject}`} sandbox="" srcDoc={message.html} className="h-96 w-full rounded border border-border bg-white" />
                <pre className="whitespace-pre-wrap rounded [overflow-wrap:anywhere] bg-muted p-3 text-xs" data-testid="mail-text">
                  {message.text}
                </pre>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
