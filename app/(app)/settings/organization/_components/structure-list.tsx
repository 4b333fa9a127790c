'use client';

import { Pencil, Trash2, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import type { CSSProperties, ReactElement, ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { CardLabel } from '@/components/ui/card-label';
import { SearchInput } from '@/components/ui/search-input';

// What the Departments, Teams and Groups lists share: the empty state that says what the structure is for,
// the search with the New button, the table (a card per row below `md`), and each row's Edit and Delete.

/** Nothing yet: what the structure is for, and the button that makes the first. */
export function StructureEmpty({ kind, icon: Icon, title, children, action }: { kind: string; icon: LucideIcon; title: string; children: ReactNode; action: ReactNode }) {
  return (
    <div className="grid place-items-center gap-3 rounded-xl border border-dashed border-border p-10 text-center" data-testid={`${kind}s-empty`}>
      <Icon className="size-8 text-muted-foreground" aria-hidden />
      <p className="font-medium">{title}</p>
      <p className="max-w-md text-sm text-muted-foreground">{children}</p>
      {action}
    </div>
  );
}

/**
 * The search box and the New button above the table; the table, or what no match looks like. `kind` names
 * the structure ("team": "Search teams", "No team matches …", data-testid "teams-table").
 */
export function StructureList({
  kind,
  term,
  onTerm,
  action,
  matches,
  columns,
  children,
}: {
  kind: string;
  term: string;
  onTerm: (term: string) => void;
  action: ReactNode;
  matches: number;
  /** The columns after the name (the name's header is the kind; Members and the actions follow). */
  columns: { label: string; className: string }[];
  children: ReactNode;
}) {
  const title = `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput wrapperClassName="min-w-56 flex-1" placeholder={`Search ${kind}s`} aria-label={`Search ${kind}s`} maxLength={100} value={term} onChange={(event) => onTerm(event.target.value)} />
        {action}
      </div>
      {matches === 0 ? (
        <p className="rounded-xl border border-dashed border-border p-6 text-center text-muted-foreground">
          No {kind} matches “{term.trim()}”.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border">
          <table className="w-full text-left text-sm max-md:block md:table-fixed" data-testid={`${kind}s-table`}>
            <thead className="border-b border-border bg-muted/40 text-xs uppercase text-muted-foreground max-md:hidden">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">
                  {title}
                </th>
                {columns.map((column) => (
                  <th key={column.label} scope="col" className={`px-3 py-3 font-medium ${column.className}`}>
                    {column.label}
                  </th>
                ))}
                <th scope="col" className="w-24 px-3 py-3 text-right font-medium">
                  Members
                </th>
                <th scope="col" className="w-28 px-3 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border max-md:block">{children}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * One structure's row: its name linking to its page (with a second line under it), the cells between, its
 * member count, and Edit (the dialog `editDialog` opens from the pencil) and Delete.
 */
export function StructureRow({
  kind,
  id,
  name,
  note,
  members,
  editDialog,
  onDelete,
  deleting = false,
  nameStyle,
  marker,
  children,
}: {
  kind: string;
  id: string;
  name: string;
  note: string | null;
  members: number;
  editDialog: (trigger: ReactElement) => ReactNode;
  onDelete: () => void;
  deleting?: boolean;
  nameStyle?: CSSProperties;
  marker?: ReactNode;
  children: ReactNode;
}) {
  return (
    <tr className="hover:bg-muted/40 max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1 max-md:px-3 max-md:py-3" data-testid={`${kind}-row`}>
      <td className="px-4 py-2.5 max-md:block max-md:p-0" style={nameStyle}>
        <Link href={`/settings/organization/${kind}s/${id}`} className="block truncate font-medium text-primary hover:underline" title={name}>
          {marker}
          {name}
        </Link>
        {note ? <span className="block truncate text-xs text-muted-foreground">{note}</span> : null}
      </td>
      {children}
      <td className="px-3 py-2.5 text-right tabular-nums max-md:col-start-1 max-md:block max-md:p-0 max-md:text-left">
        <CardLabel>Members</CardLabel>
        {members.toLocaleString('en')}
      </td>
      <td className="px-3 py-2.5 text-right max-md:col-start-2 max-md:row-span-3 max-md:row-start-1 max-md:block max-md:p-0">
        <span className="inline-flex gap-1">
          {editDialog(
            <Button size="icon" variant="ghost" className="size-8" aria-label={`Edit ${name}`}>
              <Pencil aria-hidden />
            </Button>,
          )}
          <Button size="icon" variant="ghost" className="size-8 text-destructive" disabled={deleting} aria-label={`Delete ${name}`} onClick={onDelete}>
            <Trash2 aria-hidden />
          </Button>
        </span>
      </td>
    </tr>
  );
}

/** A cell between the name and the member count: a plain cell on a wide screen, a labelled line on a card. */
export function StructureCell({ label, className = '', children }: { label?: string; className?: string; children: ReactNode }) {
  return (
    <td className={`px-3 py-2.5 max-md:col-start-1 max-md:block max-md:p-0 ${className}`}>
      {label ? <CardLabel>{label}</CardLabel> : null}
      {children}
    </td>
  );
}
