'use client';

import { Download, Search, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import type { StructureOptions } from '@/lib/types/organization';
import { MEMBER_STATUS_FILTERS } from '@/lib/validation/members';
import { AddUserDialog } from './add-user-dialog';
import { useMemberQuery } from './query-state';

const STATUS_LABELS: Record<(typeof MEMBER_STATUS_FILTERS)[number], string> = {
  active: 'Active',
  temporary: 'Temporary access',
  expired: 'Access ended',
  deactivated: 'Deactivated',
  pending: 'Pending approval',
};

/** Indents a department under its parents in a native option list (options hold text only). */
const indent = (depth: number) => '\u00a0\u00a0\u00a0'.repeat(depth);

/**
 * Search, filters and export; every choice lives in the URL. The department, team and group filters show
 * only when the account has some; each combines with the others.
 */
export function UsersToolbar({ roles, structures, licences = [] }: { roles: { id: string; name: string }[]; structures: StructureOptions; licences?: { id: string; name: string }[] }) {
  const { query, setQuery } = useMemberQuery();
  const [term, setTerm] = useState(query.q);
  const [urlTerm, setUrlTerm] = useState(query.q);
  // Going back in history (or clearing the filters) puts the URL's term back in the box.
  if (query.q !== urlTerm) {
    setUrlTerm(query.q);
    setTerm(query.q);
  }
  // Typing waits for a pause before it asks the server.
  useEffect(() => {
    if (term === query.q) return;
    const timer = setTimeout(() => setQuery({ q: term || null, page: 1 }, { history: 'replace' }), 300);
    return () => clearTimeout(timer);
  }, [term, query.q, setQuery]);

  const filters = { role: query.role, status: query.status, login: query.login, department: query.department, team: query.team, group: query.group, licence: query.licence };
  const exportHref = `/settings/users/export?${new URLSearchParams(
    Object.entries({ q: query.q, ...filters, sort: query.sort, dir: query.dir }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  )}`;
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="flex flex-wrap items-end gap-3" role="search">
      <div className="relative min-w-56 flex-1">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          type="search"
          aria-label="Search users by name, email or phone"
          placeholder="Search name, email or phone"
          className="h-9 pl-9"
          value={term}
          maxLength={100}
          onChange={(event) => setTerm(event.target.value)}
        />
      </div>
      <NativeSelect aria-label="Role" value={query.role ?? ''} onChange={(event) => setQuery({ role: event.target.value || null, page: 1 })}>
        <option value="">All roles</option>
        {roles.map((role) => (
          <option key={role.id} value={role.id}>
            {role.name}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect
        aria-label="Status"
        value={query.status ?? ''}
        onChange={(event) => setQuery({ status: (event.target.value || null) as typeof query.status, page: 1 })}
      >
        <option value="">All statuses</option>
        {MEMBER_STATUS_FILTERS.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect aria-label="Login type" value={query.login ?? ''} onChange={(event) => setQuery({ login: (event.target.value || null) as typeof query.login, page: 1 })}>
        <option value="">All logins</option>
        <option value="local">Local</option>
        <option value="sso">SSO</option>
      </NativeSelect>
      {structures.departments.length > 0 ? (
        <NativeSelect aria-label="Department" className="max-w-52" value={query.department ?? ''} onChange={(event) => setQuery({ department: event.target.value || null, page: 1 })}>
          <option value="">All departments</option>
          {structures.departments.map((department) => (
            <option key={department.id} value={department.id}>
              {indent(department.depth)}
              {department.name}
            </option>
          ))}
        </NativeSelect>
      ) : null}
      {structures.teams.length > 0 ? (
        <NativeSelect aria-label="Team" className="max-w-52" value={query.team ?? ''} onChange={(event) => setQuery({ team: event.target.value || null, page: 1 })}>
          <option value="">All teams</option>
          {structures.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </NativeSelect>
      ) : null}
      {structures.groups.length > 0 ? (
        <NativeSelect aria-label="Group" className="max-w-52" value={query.group ?? ''} onChange={(event) => setQuery({ group: event.target.value || null, page: 1 })}>
          <option value="">All groups</option>
          {structures.groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </NativeSelect>
      ) : null}
      {licences.length > 0 ? (
        <NativeSelect aria-label="Licence" className="max-w-52" value={query.licence ?? ''} onChange={(event) => setQuery({ licence: event.target.value || null, page: 1 })}>
          <option value="">Any licence</option>
          {licences.map((licence) => (
            <option key={licence.id} value={licence.id}>
              {licence.name}
            </option>
          ))}
        </NativeSelect>
      ) : null}
      {filtered ? (
        <Button
          variant="ghost"
          size="sm"
          className="h-9"
          onClick={() => setQuery({ role: null, status: null, login: null, department: null, team: null, group: null, licence: null, page: 1 })}
        >
          <X aria-hidden /> Clear filters
        </Button>
      ) : null}
      <Button variant="outline" size="sm" className="h-9" asChild>
        <a href={exportHref} download>
          <Download aria-hidden /> Export CSV
        </a>
      </Button>
      <AddUserDialog />
    </div>
  );
}
