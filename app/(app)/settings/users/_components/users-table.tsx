'use client';

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type RowSelectionState } from '@tanstack/react-table';
import { SearchX } from 'lucide-react';
import { useState } from 'react';
import { MemberStatusBadge } from '@/components/members/member-status';
import { Button } from '@/components/ui/button';
import { TruncatedText } from '@/components/ui/truncated-text';
import type { MemberTableRow } from '@/lib/types/members';
import { cn } from '@/lib/utils';
import type { MemberSort } from '@/lib/validation/members';
import { ActivationCell } from './activation-cell';
import { BulkBar, type LicenceChoice } from './bulk-bar';
import { useMemberQuery } from './query-state';
import { DateCell, NameCell, RoleCell, SortHeader, StackedSortHeader, TeamCell } from './users-table-cells';

const column = createColumnHelper<MemberTableRow>();

/**
 * Where each column sits. From `md` up it is a table of fixed column widths (name and email share what is
 * left, cut with an ellipsis, the full text on hover and focus), so at 1280 px with the sidebar open every
 * column and the Active toggle fit; narrower than that, the table scrolls inside its own box with the Active
 * column kept in view. Below `md` each row is a card: checkbox, name and toggle on top, the rest under them,
 * each value labelled; the header row becomes a bar of sort buttons.
 */
const LAYOUT: Record<string, { th: string; td: string }> = {
  select: { th: 'md:w-11', td: 'users-cell-select' },
  name: { th: '', td: 'users-cell-name' },
  email: { th: '', td: 'users-cell-wide' },
  roles: { th: 'md:w-24', td: 'users-cell-wide' },
  team: { th: 'md:w-24', td: 'users-cell-wide' },
  status: { th: 'md:w-[8rem]', td: 'users-cell-wide' },
  accessExpiresAt: { th: 'md:w-[7rem] max-md:hidden', td: 'users-cell-wide' },
  lastSignInAt: { th: 'md:w-[7rem]', td: 'users-cell-wide' },
  active: { th: 'md:w-24 md:sticky md:right-0 md:bg-[color-mix(in_srgb,var(--color-muted)_40%,var(--color-card))] max-md:hidden', td: 'users-cell-active' },
};

const SORT_OF: Record<string, MemberSort[]> = { name: ['name', 'phone'], email: ['email'], roles: ['role', 'login'], status: ['status'], lastSignInAt: ['lastSignIn'] };

export function UsersTable({ rows, actorIsOwner, filtered, now, licences = [] }: { rows: MemberTableRow[]; actorIsOwner: boolean; filtered: boolean; now: number; licences?: LicenceChoice[] }) {
  const { query, setQuery, pending } = useMemberQuery();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const columns = [
    column.display({
      id: 'select',
      header: ({ table }) => (
        <span className="flex items-center gap-2">
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
          <span className="font-medium uppercase md:hidden" aria-hidden>
            All
          </span>
        </span>
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
      header: () => <StackedSortHeader first={['Name', 'name']} second={['Phone', 'phone']} />,
      cell: ({ row }) => <NameCell member={row.original} />,
    }),
    column.accessor('email', { header: () => <SortHeader label="Email" sort="email" />, cell: ({ getValue }) => <TruncatedText text={getValue()} /> }),
    column.accessor('roles', { header: () => <StackedSortHeader first={['Role', 'role']} second={['Login', 'login']} />, cell: ({ row }) => <RoleCell member={row.original} /> }),
    column.accessor('primaryTeam', { id: 'team', header: () => <span className="font-medium uppercase">Team</span>, cell: ({ getValue }) => <TeamCell team={getValue()} /> }),
    column.accessor('status', { header: () => <SortHeader label="Status" sort="status" />, cell: ({ row }) => <MemberStatusBadge member={row.original} now={now} showDate={false} /> }),
    column.accessor('accessExpiresAt', {
      header: () => <span className="font-medium uppercase">Access ends</span>,
      cell: ({ getValue }) => {
        const value = getValue();
        return <DateCell label="Access ends" iso={value} empty="—" ended={value !== null && new Date(value).getTime() <= now} />;
      },
    }),
    column.accessor('lastSignInAt', { header: () => <SortHeader label="Last sign-in" sort="lastSignIn" />, cell: ({ getValue }) => <DateCell label="Last sign-in" iso={getValue()} empty="Never" /> }),
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
          <Button variant="outline" onClick={() => setQuery({ q: '', role: null, status: null, login: null, department: null, team: null, group: null, page: 1 })}>
            Clear search and filters
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="grid gap-3">
    <BulkBar selected={selected} licences={licences} onDone={() => setRowSelection({})} />
    <div className={cn('relative overflow-x-auto rounded-xl border border-border transition-opacity', pending && 'opacity-60')} aria-busy={pending}>
      <table className="w-full text-left text-sm max-md:block md:min-w-[56rem] md:table-fixed" data-testid="users-table">
        <thead className="border-b border-border bg-[color-mix(in_srgb,var(--color-muted)_40%,var(--color-card))] text-xs text-muted-foreground max-md:block">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-4 max-md:gap-y-2 max-md:px-3 max-md:py-2.5">
              {group.headers.map((header) => {
                const sorts = SORT_OF[header.column.id] ?? [];
                const ariaSort = sorts.includes(query.sort) ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined;
                return (
                  <th key={header.id} scope="col" aria-sort={ariaSort} className={cn('px-2.5 py-3 align-top first:pl-4 max-md:block max-md:p-0 max-md:first:pl-0', LAYOUT[header.column.id]?.th)}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-border max-md:block">
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className={cn(
                'users-row',
                row.getIsSelected() && 'bg-primary/5',
              )}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={`users-cell ${LAYOUT[cell.column.id]?.td ?? ''}`}>
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
