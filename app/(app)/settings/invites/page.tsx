import type { Metadata } from 'next';
import { LocalTime } from '@/components/local-time';
import { PeopleTabs } from '@/components/members/people-tabs';
import { requirePagePermission } from '@/lib/access/page-permission';
import { countFailedInvitationMail } from '@/lib/dal/invitations/retry-invitation-mail';
import { listInvitations, type InvitationRow } from '@/lib/dal/invitations/list-invitations';
import { mailStatusLabel } from '@/lib/mail/status-label';
import { TruncatedText } from '@/components/ui/truncated-text';
import { cn } from '@/lib/utils';
import { parseInviteQuery } from '@/lib/validation/invites-query';
import { InviteDialog } from './_components/invite-dialog';
import { InviteRowActions } from './_components/invite-row-actions';
import { RetryFailedButton } from './_components/retry-failed-button';
import { InviteSortHeader, InvitesFilters, InvitesPager } from './_components/invites-filters';
import { CardLabel } from '@/components/ui/card-label';

export const metadata: Metadata = { title: 'Invites' };

const STATUS_STYLE: Record<InvitationRow['status'], string> = {
  waiting: 'bg-sky-100 text-sky-900',
  completed: 'bg-emerald-100 text-emerald-900',
  expired: 'bg-muted text-muted-foreground',
  revoked: 'bg-red-100 text-red-900',
};

const MAIL_TONE: Record<ReturnType<typeof mailStatusLabel>['tone'], string> = {
  muted: 'text-muted-foreground',
  progress: 'text-sky-800',
  warning: 'text-amber-800',
  success: 'text-emerald-700',
  failure: 'text-destructive',
};

function MailStatus({ mail }: { mail: InvitationRow['mail'] }) {
  if (!mail) return <span className="text-muted-foreground">—</span>;
  const { label, tone, detail } = mailStatusLabel(mail);
  return (
    <span className={MAIL_TONE[tone]} title={detail}>
      {label}
    </span>
  );
}

/**
 * From `md` up a table of fixed column widths: the email takes what is left (cut with an ellipsis, the
 * full address on hover and focus), dates wrap onto two lines, the row's actions sit in one menu button, so
 * every column fits at 1280 px with the sidebar open. Below `md` each invitation is a card: the email and
 * its actions on top, the rest under them, each value labelled.
 */
const TH = 'px-3 py-3 align-top max-md:block max-md:p-0';

export default async function InvitesPage({ searchParams }: PageProps<'/settings/invites'>) {
  const guard = await requirePagePermission('/settings/invites');
  if (!guard.allowed) return guard.forbidden;
  const { actor, session } = guard;
  const query = parseInviteQuery(await searchParams);
  const [page, failedMail] = await Promise.all([listInvitations(actor, query), countFailedInvitationMail(actor)]);
  const waiting = query.status === 'waiting';
  const ariaSort = (column: string) => (query.sort === column ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined);
  return (
    <div className="grid max-w-7xl gap-5">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-muted-foreground">Invitations to {session.membership.accountName}.</p>
      </header>
      <PeopleTabs current="invites" />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <InvitesFilters />
        <InviteDialog />
      </div>
      {failedMail > 0 ? (
        <div role="status" className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900" data-testid="failed-mail">
          <span>
            {failedMail === 1 ? '1 invitation was' : `${failedMail} invitations were`} not delivered. Retrying sends each a new link.
          </span>
          <RetryFailedButton count={failedMail} />
        </div>
      ) : null}
      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border p-10 text-center text-muted-foreground" data-testid="invites-empty">
          No invitations here.
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-xl border border-border">
          <table className="w-full text-left text-sm max-md:block md:min-w-[52rem] md:table-fixed" data-testid="invites-table">
            <thead className="border-b border-border bg-muted/40 text-xs uppercase text-muted-foreground max-md:block">
              <tr className="max-md:flex max-md:flex-wrap max-md:gap-x-4 max-md:gap-y-2 max-md:px-3 max-md:py-2.5">
                <th scope="col" className={cn(TH, 'pl-4')} aria-sort={ariaSort('email')}>
                  <InviteSortHeader label="Email" sort="email" current={query.sort} dir={query.dir} />
                </th>
                <th scope="col" className={cn(TH, 'font-medium md:w-24 max-md:hidden')}>Role</th>
                <th scope="col" className={cn(TH, 'font-medium md:w-24 max-md:hidden')}>Status</th>
                <th scope="col" className={cn(TH, 'md:w-28')} aria-sort={ariaSort('created')}>
                  <InviteSortHeader label="Created" sort="created" current={query.sort} dir={query.dir} />
                </th>
                <th scope="col" className={cn(TH, 'md:w-28')} aria-sort={ariaSort(waiting ? 'expires' : 'responded')}>
                  <InviteSortHeader label={waiting ? 'Expires' : 'Responded'} sort={waiting ? 'expires' : 'responded'} current={query.sort} dir={query.dir} />
                </th>
                <th scope="col" className={cn(TH, 'font-medium md:w-28 max-md:hidden')}>Sender</th>
                <th scope="col" className={cn(TH, 'font-medium md:w-36 max-md:hidden')}>Mail</th>
                <th scope="col" className={cn(TH, 'font-medium md:w-14 max-md:hidden')}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border max-md:block">
              {page.rows.map((row) => (
                <tr key={row.id} className="invites-row">
                  <td className="invites-cell max-md:col-start-1 max-md:row-start-1">
                    <TruncatedText text={row.email} className="font-medium" />
                    {row.accessExpiresAt ? <span className="block text-xs text-muted-foreground">Temporary until <LocalTime iso={row.accessExpiresAt} /></span> : null}
                  </td>
                  <td className="invites-cell-wide">
                    <CardLabel>Role</CardLabel>
                    <TruncatedText text={`${row.roleName}${row.loginType === 'sso' ? ' · SSO' : ''}`} className="max-md:inline-block max-md:max-w-full max-md:align-bottom" />
                  </td>
                  <td className="invites-cell-wide">
                    <span className={cn('status-badge capitalize', STATUS_STYLE[row.status])}>{row.status}</span>
                  </td>
                  <td className="invites-cell-wide">
                    <CardLabel>Created</CardLabel>
                    <LocalTime iso={row.createdAt} />
                  </td>
                  <td className="invites-cell-wide">
                    <CardLabel>{waiting ? 'Expires' : 'Responded'}</CardLabel>
                    {waiting ? <LocalTime iso={row.expiresAt} /> : row.respondedAt ? <LocalTime iso={row.respondedAt} /> : <span className="text-muted-foreground">—</span>}
                  </td>
                  <td className="invites-cell-wide">
                    <CardLabel>Sent by</CardLabel>
                    <TruncatedText text={row.senderName} className="max-md:inline-block max-md:max-w-full max-md:align-bottom" />
                  </td>
                  <td className="invites-cell-wide">
                    <CardLabel>Mail</CardLabel>
                    <MailStatus mail={row.mail} />
                  </td>
                  <td className="invites-cell text-right max-md:col-start-2 max-md:row-start-1">
                    {row.status === 'waiting' || row.status === 'expired' ? <InviteRowActions invitationId={row.id} email={row.email} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <InvitesPager page={page.page} pages={Math.max(1, Math.ceil(page.total / page.pageSize))} total={page.total} />
    </div>
  );
}
