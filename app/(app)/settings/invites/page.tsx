import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { LocalTime } from '@/components/local-time';
import { PeopleTabs } from '@/components/members/people-tabs';
import { hasPermission } from '@/lib/access/resolver';
import { requireMemberAccess } from '@/lib/auth/current';
import { listInvitations, type InvitationRow } from '@/lib/dal/invitations';
import { cn } from '@/lib/utils';
import { parseInviteQuery } from '@/lib/validation/invites-query';
import { InviteDialog } from './_components/invite-dialog';
import { InviteRowActions } from './_components/invite-row-actions';
import { InviteSortHeader, InvitesFilters, InvitesPager } from './_components/invites-filters';

export const metadata: Metadata = { title: 'Invites' };

const STATUS_STYLE: Record<InvitationRow['status'], string> = {
  waiting: 'bg-sky-100 text-sky-900',
  completed: 'bg-emerald-100 text-emerald-900',
  expired: 'bg-muted text-muted-foreground',
  revoked: 'bg-red-100 text-red-900',
};

function MailStatus({ mail }: { mail: InvitationRow['mail'] }) {
  if (!mail) return <span className="text-muted-foreground">—</span>;
  if (mail.status === 'sent') return <span className="text-emerald-700">Sent</span>;
  if (mail.status === 'failed') return <span className="text-destructive" title={mail.lastError ?? undefined}>Failed: {mail.lastError}</span>;
  if (mail.attempts > 0) return <span className="text-amber-800" title={mail.lastError ?? undefined}>Retrying ({mail.attempts})</span>;
  return <span className="text-muted-foreground">Queued</span>;
}

export default async function InvitesPage({ searchParams }: PageProps<'/settings/invites'>) {
  const { actor, access, session } = await requireMemberAccess();
  if (!hasPermission(access, 'users.manage')) return <Forbidden permission="users.manage" area="Invites" />;
  const query = parseInviteQuery(await searchParams);
  const page = await listInvitations(actor, query);
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
      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border p-10 text-center text-muted-foreground" data-testid="invites-empty">
          No invitations here.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border">
          <table className="w-full text-left text-sm" data-testid="invites-table">
            <thead className="border-b border-border bg-muted/40 text-xs uppercase text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-3" aria-sort={ariaSort('email')}>
                  <InviteSortHeader label="Email" sort="email" current={query.sort} dir={query.dir} />
                </th>
                <th scope="col" className="px-4 py-3 font-medium">Role</th>
                <th scope="col" className="px-4 py-3 font-medium">Status</th>
                <th scope="col" className="px-4 py-3" aria-sort={ariaSort('created')}>
                  <InviteSortHeader label="Created" sort="created" current={query.sort} dir={query.dir} />
                </th>
                <th scope="col" className="px-4 py-3" aria-sort={ariaSort(waiting ? 'expires' : 'responded')}>
                  <InviteSortHeader label={waiting ? 'Expires' : 'Responded'} sort={waiting ? 'expires' : 'responded'} current={query.sort} dir={query.dir} />
                </th>
                <th scope="col" className="px-4 py-3 font-medium">Sender</th>
                <th scope="col" className="px-4 py-3 font-medium">Mail</th>
                <th scope="col" className="px-4 py-3 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {page.rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-4 py-2.5">
                    {row.email}
                    {row.accessExpiresAt ? <span className="block text-xs text-muted-foreground">Temporary until <LocalTime iso={row.accessExpiresAt} /></span> : null}
                  </td>
                  <td className="px-4 py-2.5">{row.roleName}{row.loginType === 'sso' ? ' · SSO' : ''}</td>
                  <td className="px-4 py-2.5">
                    <span className={cn('rounded-full px-2 py-0.5 text-xs font-medium capitalize', STATUS_STYLE[row.status])}>{row.status}</span>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5"><LocalTime iso={row.createdAt} /></td>
                  <td className="whitespace-nowrap px-4 py-2.5">
                    {waiting ? <LocalTime iso={row.expiresAt} /> : row.respondedAt ? <LocalTime iso={row.respondedAt} /> : <span className="text-muted-foreground">—</span>}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5">{row.senderName}</td>
                  <td className="px-4 py-2.5"><MailStatus mail={row.mail} /></td>
                  <td className="px-4 py-2.5">
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
