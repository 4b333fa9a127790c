'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import Link from 'next/link';
import { LocalTime } from '@/components/local-time';
import { Avatar } from '@/components/members/avatar';
import { Tooltip } from '@/components/ui/tooltip';
import { TruncatedText, useTruncated } from '@/components/ui/truncated-text';
import type { MemberTableRow } from '@/lib/types/members';
import { cn } from '@/lib/utils';
import type { MemberSort } from '@/lib/validation/members';
import { useMemberQuery } from './query-state';
import { CardLabel } from '@/components/ui/card-label';

export function SortHeader({ label, sort }: { label: string; sort: MemberSort }) {
  const { query, setQuery } = useMemberQuery();
  const active = query.sort === sort;
  const Icon = !active ? ArrowUpDown : query.dir === 'asc' ? ArrowUp : ArrowDown;
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 whitespace-nowrap rounded text-left font-medium uppercase hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      onClick={() => setQuery({ sort, dir: active && query.dir === 'asc' ? 'desc' : 'asc', page: 1 })}
    >
      {label}
      <Icon className={cn('size-3.5 shrink-0', !active && 'opacity-40')} aria-hidden />
    </button>
  );
}

/** Two sortable values shown as one column (the second under the first in each row). */
export function StackedSortHeader({ first, second }: { first: [string, MemberSort]; second: [string, MemberSort] }) {
  return (
    <span className="flex flex-wrap gap-x-4 gap-y-1 md:flex-col md:items-start">
      <SortHeader label={first[0]} sort={first[1]} />
      <SortHeader label={second[0]} sort={second[1]} />
    </span>
  );
}


/** Avatar, name (a link to the user page, the full name on hover and focus when cut) and phone under it. */
export function NameCell({ member }: { member: MemberTableRow }) {
  const name = `${member.firstName} ${member.lastName}`.trim();
  const [ref, truncated] = useTruncated<HTMLSpanElement>(name);
  return (
    <div className="flex min-w-0 items-center gap-2">
      {/* Below 1536 px the avatar shrinks to give the name room, but stays: people recognise faces (issue 8). */}
      <Avatar name={name} avatarKey={member.avatarKey} className="md:max-2xl:size-6 md:max-2xl:text-[10px]" />
      <div className="grid min-w-0">
        <Tooltip content={name} disabled={!truncated}>
          <Link href={`/settings/users/${member.membershipId}`} className="users-name-link">
            <span ref={ref} className="users-name">
              {name}
            </span>
            {member.isSelf ? <span className="ml-1.5 shrink-0 text-xs font-normal text-muted-foreground">(you)</span> : null}
          </Link>
        </Tooltip>
        {member.phone ? <TruncatedText text={member.phone} className="text-xs text-muted-foreground" /> : null}
      </div>
    </div>
  );
}

/** Role names (cut when long) with the login type under them. */
export function RoleCell({ member }: { member: MemberTableRow }) {
  return (
    <div className="flex min-w-0 items-baseline gap-x-1.5 md:grid">
      <CardLabel>Role</CardLabel>
      <TruncatedText text={member.roles.map((role) => role.name).join(', ')} />
      <span className="shrink-0 text-xs text-muted-foreground">
        <span className="md:hidden">· </span>
        {member.loginType === 'sso' ? 'SSO' : 'Local'}
      </span>
    </div>
  );
}

export function DateCell({ label, iso, empty, ended = false }: { label: string; iso: string | null; empty: string; ended?: boolean }) {
  return (
    <>
      <CardLabel>{label}</CardLabel>
      {!iso ? (
        <span className="text-muted-foreground">{empty}</span>
      ) : ended ? (
        <span className="text-red-700">
          Ended <LocalTime iso={iso} />
        </span>
      ) : (
        <LocalTime iso={iso} />
      )}
    </>
  );
}

/** The member's primary team (a card shows it labelled, and nothing when there is none). */
export function TeamCell({ team }: { team: { id: string; name: string } | null }) {
  if (!team) return <span className="text-muted-foreground max-md:hidden">—</span>;
  return (
    <div className="flex min-w-0 items-baseline gap-x-1.5 md:grid">
      <CardLabel>Team</CardLabel>
      <TruncatedText text={team.name} />
    </div>
  );
}
