'use client';

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type RowSelectionState } from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown, SearchX } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { LocalTime } from '@/components/local-time';
import { Avatar } from '@/components/members/avatar';
import { MemberStatusBadge } from '@/components/members/member-status';
import { Button } from '@/components/ui/button';
import type { MemberRow } from '@/lib/dal/members';
import { cn } from '@/lib/utils';
import type { MemberSort } from '@/lib/validation/members';
import { ActivationCell } from './activation-cell';
import { BulkBar } from './bulk-bar';
import { useMemberQuery } from './query-state';

const column = createColumnHelper<MemberRow>();

function SortHeader({ label, sort }: { label: string; sort: MemberSort }) {
  const { query, setQuery } = useMemberQuery();
  const active = query.sort === sort;
  const Icon = !active ? ArrowUpDown : query.dir === 'asc' ? ArrowUp : ArrowDown;
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 rounded font-medium uppercase hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      onClick={() => setQuery({ sort, dir: active && query.dir === 'asc' ? 'desc' : 'asc', page: 1 })}
    >
      {label}
      <Icon className={cn('size-3.5', !active && 'opacity-40')} aria-hidden />
    </button>
  );
}

const SORT_OF: Record<string, MemberSort> = { name: 'name', email: 'email', phone: 'phone', roles: 'role', loginType: 'login', status: 'status', lastSignInAt: 'lastSignIn' };

export function UsersTable({ rows, actorIsOwner, filtered, now }: { rows: MemberRow[]; actorIsOwner: boolean; filtered: boolean; now: number }) {
  const { query, setQuery, pending } = useMemberQuery();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const columns = [
    column.display({
      id: 'select',
      header: ({ table }) => (
        <input
          type="checkbox"
          className="size-4 accent-primary"
          aria-label="Select all users on this page"
          checked={table.getIsAllRowsSelected()}
          ref={(element) => {
            if (element) element.indeterminate = table.getIsSomeRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          className="size-4 accent-primary"
          aria-label={`Select ${`${row.original.firstName} ${row.original.lastName}`.trim()}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    }),
    column.accessor((row) => `${row.firstName} ${row.lastName}`, {
      id: 'name',
      header: () => <SortHeader label="Name" sort="name" />,
      cell: ({ row }) => (
        <Link href={`/settings/users/${row.original.membershipId}`} className="flex items-center gap-3 rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          <Avatar name={`${row.original.firstName} ${row.original.lastName}`} avatarKey={row.original.avatarKey} />
          <span className="font-medium text-primary underline-offset-4 hover:underline">
            {`${row.original.firstName} ${row.original.lastName}`.trim()}
            {row.original.isSelf ? <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span> : null}
          </span>
        </Link>
      ),
    }),
    column.accessor('email', {
      header: () => <SortHeader label="Email" sort="email" />,
      cell: ({ getValue }) => (
        <span className="block max-w-56 truncate" title={getValue()}>
          {getValue()}
        </span>
      ),
    }),
    column.accessor('phone', { header: () => <SortHeader label="Phone" sort="phone" />, cell: ({ getValue }) => getValue() ?? <span className="text-muted-foreground">—</span> }),
    column.accessor('roles', { header: () => <SortHeader label="Role" sort="role" />, cell: ({ getValue }) => getValue().map((role) => role.name).join(', ') }),
    column.accessor('loginType', { header: () => <SortHeader label="Login" sort="login" />, cell: ({ getValue }) => (getValue() === 'sso' ? 'SSO' : 'Local') }),
    column.accessor('status', { header: () => <SortHeader label="Status" sort="status" />, cell: ({ row }) => <MemberStatusBadge member={row.original} now={now} showDate={false} /> }),
    column.accessor('accessExpiresAt', {
      header: () => <span className="font-medium uppercase">Access ends</span>,
      cell: ({ getValue }) => {
        const value = getValue();
        if (!value) return <span className="text-muted-foreground">—</span>;
        return new Date(value).getTime() <= now ? (
          <span className="text-red-700">
            Ended <LocalTime iso={value} />
          </span>
        ) : (
          <LocalTime iso={value} />
        );
      },
    }),
    column.accessor('lastSignInAt', {
      header: () => <SortHeader label="Last sign-in" sort="lastSignIn" />,
      cell: ({ getValue }) => {
        const value = getValue();
        return value ? <LocalTime iso={value} /> : <span className="text-muted-foreground">Never</span>;
      },
    }),
    column.display({ id: 'active', header: () => <span className="font-medium uppercase">Active</span>, cell: ({ row }) => <ActivationCell member={row.original} actorIsOwner={actorIsOwner} now={now} /> }),
  ];
  // TanStack Table hands back functions the React Compiler cannot memoize; this component is left uncompiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    getRowId: (row) => row.membershipId,
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
  });
  // A selection is for the rows in view: it is cleared when the page, filters or sort change.
  const [viewKey, setViewKey] = useState(rows.map((row) => row.membershipId).join());
  const currentKey = rows.map((row) => row.membershipId).join();
  if (currentKey !== viewKey) {
    setViewKey(currentKey);
    setRowSelection({});
  }
  const selected = Object.keys(rowSelection).filter((id) => rowSelection[id]);

  if (rows.length === 0) {
    return (
      <div className="grid place-items-center gap-3 rounded-xl border border-dashed border-border p-10 text-center" data-testid="users-empty">
        <SearchX className="size-8 text-muted-foreground" aria-hidden />
        <p className="font-medium">{filtered ? 'No users match these filters.' : 'No users yet.'}</p>
        {filtered ? (
          <Button variant="outline" onClick={() => setQuery({ q: '', role: null, status: null, login: null, page: 1 })}>
            Clear search and filters
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="grid gap-3">
    <BulkBar selected={selected} onDone={() => setRowSelection({})} />
    <div className={cn('overflow-x-auto rounded-xl border border-border transition-opacity', pending && 'opacity-60')} aria-busy={pending}>
      <table className="w-full text-left text-sm" data-testid="users-table">
        <thead className="border-b border-border bg-muted/40 text-xs text-muted-foreground">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sort = SORT_OF[header.column.id];
                const ariaSort = sort && query.sort === sort ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined;
                return (
                  <th key={header.id} scope="col" aria-sort={ariaSort} className="whitespace-nowrap px-4 py-3">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-border">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className={cn('hover:bg-muted/40', row.getIsSelected() && 'bg-primary/5')}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="whitespace-nowrap px-4 py-2.5">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </div>
  );
}
