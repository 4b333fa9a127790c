'use client';

import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, Download, Star, UserMinus } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Avatar } from '@/components/members/avatar';
import { rangeText, rounded } from '@/components/members/page-range';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { SearchInput } from '@/components/ui/search-input';
import type { PageLink } from '@/lib/types/members';
import type { StructureKind, StructureMember, StructureMemberPage } from '@/lib/types/organization';
import { removeStructureMembersAction, setTeamResponsibleAction } from '../actions';
import { MemberPickerDialog } from './member-picker-dialog';

/**
 * A department's, team's or group's members: search (in the URL), pages of 50 by name (keyset cursors), remove; for a team, who is
 * responsible (one of its members) and whose primary team it is; Add members; CSV export of them all.
 */
export function StructureMembers({ kind, id, name, page, responsibleId }: { kind: StructureKind; id: string; name: string; page: StructureMemberPage; responsibleId?: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [term, setTerm] = useState(params.get('q') ?? '');
  const [removing, setRemoving] = useState<StructureMember | null>(null);
  const [pending, startTransition] = useTransition();
  const base = `/settings/organization/${kind}s/${id}`;
  const hrefOf = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    const query = next.toString();
    return query ? `${pathname}?${query}` : pathname;
  };

  function remove(member: StructureMember) {
    startTransition(async () => {
      const result = await removeStructureMembersAction({ kind, id, membershipIds: [member.membershipId] });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`${member.name} left ${name}.${result.data.responsibleCleared ? ' The team has no responsible person now.' : ''}`);
      router.refresh();
    });
  }

  function makeResponsible(member: StructureMember | null) {
    startTransition(async () => {
      const result = await setTeamResponsibleAction({ teamId: id, membershipId: member?.membershipId ?? null });
      if (!result.ok) return void toast.error(result.message);
      toast.success(member ? `${member.name} is responsible for ${name}.` : `${name} has no responsible person now.`);
      router.refresh();
    });
  }

  // Pages follow the Users tab's keyset cursors (in the URL as `cursor`; none: the first page).
  const pageLink = (label: string, link: PageLink, Icon: typeof ChevronLeft) =>
    link ? (
      <Button asChild variant="outline" size="sm">
        <Link href={hrefOf({ cursor: link.cursor })} aria-label={label}>
          <Icon aria-hidden />
        </Link>
      </Button>
    ) : (
      <Button variant="outline" size="sm" disabled aria-label={label}>
        <Icon aria-hidden />
      </Button>
    );
  return (
    <section className="grid gap-3" aria-labelledby="members-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members <span className="text-muted-foreground">({page.totalIsExact ? '' : 'about '}{(page.totalIsExact ? page.total : rounded(page.total)).toLocaleString('en')}{params.get('q') ? ' matching' : ''})</span>
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline">
            <a href={`${base}/export`} download>
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
          <MemberPickerDialog kind={kind} id={id} name={name} />
        </div>
      </div>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          router.push(hrefOf({ q: term.trim(), cursor: null }));
        }}
      >
        <SearchInput placeholder="Search members (Enter)" aria-label={`Search the members of ${name}`} maxLength={100} value={term} onChange={(event) => setTerm(event.target.value)} />
      </form>
      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border p-6 text-center text-muted-foreground" data-testid="structure-members-empty">
          {params.get('q') ? `No member matches “${params.get('q')}”.` : `No one is in ${name} yet: Add members finds people across the account.`}
        </p>
      ) : (
        <ul className={`divide-y divide-border rounded-xl border border-border ${pending ? 'opacity-60' : ''}`} data-testid="structure-members">
          {page.rows.map((member) => (
            <li key={member.membershipId} className="flex min-w-0 flex-wrap items-center gap-3 px-3 py-2.5" data-testid="structure-member">
              <Avatar name={member.name} avatarKey={member.avatarKey} />
              <span className="grid min-w-0 flex-1">
                <Link href={`/settings/users/${member.membershipId}`} className="truncate text-sm font-medium text-primary hover:underline">
                  {member.name}
                </Link>
                <span className="truncate text-xs text-muted-foreground">{member.email}</span>
              </span>
              {kind === 'team' && member.isPrimary ? <span className="status-badge bg-sky-100 text-sky-900">Primary team</span> : null}
              {kind === 'team' && responsibleId === member.membershipId ? (
                <span className="status-badge bg-amber-100 text-amber-900">
                  <Star className="mr-1 size-3" aria-hidden /> Responsible
                </span>
              ) : null}
              <span className="flex gap-1">
                {kind === 'team' ? (
                  responsibleId === member.membershipId ? (
                    <Button size="sm" variant="ghost" disabled={pending} onClick={() => makeResponsible(null)}>
                      No longer responsible
                    </Button>
                  ) : (
                    <Button size="sm" variant="ghost" disabled={pending} onClick={() => makeResponsible(member)} aria-label={`Make ${member.name} responsible`}>
                      Make responsible
                    </Button>
                  )
                ) : null}
                <Button size="icon" variant="ghost" className="size-8 text-destructive" disabled={pending} aria-label={`Remove ${member.name} from ${name}`} onClick={() => setRemoving(member)}>
                  <UserMinus aria-hidden />
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {page.links.previous || page.links.next ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
          <p className="text-muted-foreground" data-testid="structure-members-range">
            {rangeText({ ...page, shown: page.rows.length })}
          </p>
          <span className="flex gap-2">
            {pageLink('First page', page.links.first, ChevronsLeft)}
            {pageLink('Previous page', page.links.previous, ChevronLeft)}
            {pageLink('Next page', page.links.next, ChevronRight)}
            {pageLink('Last page', page.links.last, ChevronsRight)}
          </span>
        </nav>
      ) : null}
      {removing ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setRemoving(null)}
          title={`Remove ${removing.name} from ${name}?`}
          description={
            kind === 'team' && responsibleId === removing.membershipId
              ? 'They are responsible for this team: it will have no responsible person until you name one. Nothing else about them changes.'
              : 'Nothing else about them changes.'
          }
          confirmLabel="Remove"
          onConfirm={() => remove(removing)}
        />
      ) : null}
    </section>
  );
}
