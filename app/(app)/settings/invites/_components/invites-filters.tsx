'use client';

import { parseAsInteger, parseAsString, parseAsStringLiteral, useQueryStates } from 'nuqs';
import { useEffect, useState, useTransition } from 'react';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { Button } from '@/components/ui/button';

const parsers = {
  q: parseAsString.withDefault(''),
  status: parseAsString,
  sort: parseAsStringLiteral(['email', 'created', 'expires', 'responded'] as const),
  dir: parseAsStringLiteral(['asc', 'desc'] as const),
  page: parseAsInteger.withDefault(1),
};

export function useInviteQuery() {
  const [pending, startTransition] = useTransition();
  const [query, setQuery] = useQueryStates(parsers, { shallow: false, history: 'push', startTransition });
  return { query, setQuery, pending };
}

/** The status filter (Waiting by default, then Completed, Expired, Revoked, All) and the email search. */
export function InvitesFilters() {
  const { query, setQuery } = useInviteQuery();
  const [term, setTerm] = useState(query.q);
  useEffect(() => {
    if (term === query.q) return;
    const timer = setTimeout(() => setQuery({ q: term || null, page: 1 }, { history: 'replace' }), 300);
    return () => clearTimeout(timer);
  }, [term, query.q, setQuery]);
  return (
    <div className="flex flex-1 flex-wrap items-center gap-3" role="search">
      <Input type="search" className="h-9 max-w-sm" aria-label="Search invitations by email" placeholder="Search email" value={term} onChange={(event) => setTerm(event.target.value)} />
      <NativeSelect aria-label="Invitation status" value={query.status ?? 'waiting'} onChange={(event) => setQuery({ status: event.target.value === 'waiting' ? null : event.target.value, page: 1 })}>
        <option value="waiting">Waiting</option>
        <option value="completed">Completed</option>
        <option value="expired">Expired</option>
        <option value="revoked">Revoked</option>
        <option value="all">All</option>
      </NativeSelect>
    </div>
  );
}

export function InvitesPager({ page, pages, total }: { page: number; pages: number; total: number }) {
  const { setQuery } = useInviteQuery();
  return (
    <div className="flex items-center justify-between text-sm">
      <span className="text-muted-foreground" data-testid="invites-total">
        {total.toLocaleString('en')} invitation{total === 1 ? '' : 's'}
      </span>
      <div className="flex items-center gap-2">
        <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setQuery({ page: page - 1 })}>
          Previous
        </Button>
        <span>
          Page {page} of {pages}
        </span>
        <Button size="sm" variant="outline" disabled={page >= pages} onClick={() => setQuery({ page: page + 1 })}>
          Next
        </Button>
      </div>
    </div>
  );
}

/** A sortable column header: click to sort by it, again to reverse. */
export function InviteSortHeader({ label, sort, current, dir }: { label: string; sort: 'email' | 'created' | 'expires' | 'responded'; current: string; dir: 'asc' | 'desc' }) {
  const { setQuery } = useInviteQuery();
  const active = current === sort;
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 rounded font-medium uppercase hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      onClick={() => setQuery({ sort, dir: active && dir === 'desc' ? 'asc' : 'desc', page: 1 })}
    >
      {label}
      <span aria-hidden className={active ? '' : 'opacity-40'}>
        {active ? (dir === 'asc' ? '↑' : '↓') : '↕'}
      </span>
    </button>
  );
}
