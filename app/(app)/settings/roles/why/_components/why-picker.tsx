'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { CATEGORY_LABELS, PERMISSIONS, type PermissionCategory } from '@/lib/access/catalogue';
import type { MemberChoice } from '@/lib/types/roles';
import { fetchResult } from '@/lib/http/fetch-result';

const CATEGORIES: PermissionCategory[] = ['module', 'operational', 'functional'];

/**
 * Picks the member (searched by name or email on the server) and the permission or custom privilege to
 * explain; each choice goes into the URL, so the page is a link that can be shared or bookmarked.
 */
export function WhyPicker({ member, permission, privileges }: { member: MemberChoice | null; permission: string | null; privileges: string[] }) {
  const router = useRouter();
  const listId = useId();
  const [query, setQuery] = useState(member?.name ?? '');
  const [results, setResults] = useState<MemberChoice[]>([]);
  // Results belong to one search: while the next one runs, none are offered (a click could pick a stale one).
  const [searching, setSearching] = useState(true);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [navigating, startNavigation] = useTransition();
  const latest = useRef(0);

  useEffect(() => {
    if (!open) return;
    const ticket = (latest.current += 1);
    const timer = setTimeout(async () => {
      const result = await fetchResult<MemberChoice[]>('/settings/roles/why/members', { q: query === member?.name ? '' : query });
      if (ticket !== latest.current) return;
      setSearching(false);
      if (!result.ok) return setError(result.message);
      setError(null);
      setResults(result.data);
      setActive(0);
    }, 200);
    return () => clearTimeout(timer);
  }, [query, open, member?.name]);

  function go(next: { member?: string | null; permission?: string | null }) {
    const params = new URLSearchParams();
    const memberId = next.member !== undefined ? next.member : (member?.membershipId ?? null);
    const name = next.permission !== undefined ? next.permission : permission;
    if (memberId) params.set('member', memberId);
    if (name) params.set('permission', name);
    startNavigation(() => router.push(`/settings/roles/why${params.size ? `?${params}` : ''}`));
  }

  function pick(choice: MemberChoice) {
    setQuery(choice.name);
    setOpen(false);
    go({ member: choice.membershipId });
  }

  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2" aria-busy={navigating || undefined}>
      <div className="relative grid gap-1.5">
        <Label htmlFor="why-member">Member</Label>
        <Input
          id="why-member"
          role="combobox"
          autoComplete="off"
          placeholder="Search by name or email"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && !searching && results[active] ? `${listId}-${active}` : undefined}
          value={query}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(event) => {
            setQuery(event.target.value);
            setSearching(true);
            setOpen(true);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, results.length - 1));
            else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
            else if (event.key === 'Escape') setOpen(false);
            else if (event.key === 'Enter' && open && !searching && results[active]) pick(results[active]);
            else return;
            event.preventDefault();
          }}
        />
        {open ? (
          <ul id={listId} role="listbox" aria-label="Members" className="absolute top-full z-20 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-border bg-card p-1 shadow-lg">
            {searching ? <li className="px-2 py-1.5 text-sm text-muted-foreground">Searching…</li> : null}
            {!searching && error ? <li className="px-2 py-1.5 text-sm text-destructive">{error}</li> : null}
            {!searching && !error && results.length === 0 ? <li className="px-2 py-1.5 text-sm text-muted-foreground">No member matches.</li> : null}
            {(searching ? [] : results).map((choice, index) => (
              <li
                key={choice.membershipId}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className="grid cursor-pointer rounded px-2 py-1.5 text-sm aria-selected:bg-muted"
                onMouseEnter={() => setActive(index)}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(choice);
                }}
              >
                <span>{choice.name}</span>
                <span className="text-xs text-muted-foreground">{choice.email}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="why-permission">Permission or privilege</Label>
        <NativeSelect id="why-permission" className="h-10 w-full min-w-0" value={permission ?? ''} onChange={(event) => go({ permission: event.target.value || null })}>
          <option value="">Pick a permission…</option>
          {CATEGORIES.map((category) => (
            <optgroup key={category} label={CATEGORY_LABELS[category]}>
              {PERMISSIONS.filter((definition) => definition.category === category).map((definition) => (
                <option key={definition.name} value={definition.name}>
                  {definition.label} ({definition.name})
                </option>
              ))}
            </optgroup>
          ))}
          {privileges.length > 0 ? (
            <optgroup label="Custom privileges">
              {privileges.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {permission && !PERMISSIONS.some((definition) => definition.name === permission) && !privileges.includes(permission) ? <option value={permission}>{permission}</option> : null}
        </NativeSelect>
      </div>
    </div>
  );
}
