'use client';

import { ChevronDown, ChevronRight, Lock } from 'lucide-react';
import Link from 'next/link';
import { memo } from 'react';
import type { MatrixHead, MatrixRow } from '@/lib/dal/role-matrix';
import { cn } from '@/lib/utils';
import { describeCell, GRANTED, lockOf, NOT_GRANTED } from './cell-state';
import { cellKey } from './use-matrix-cells';

export const ROW_HEIGHT = 36;
export const FIRST_COLUMN_WIDTH = 288;
export const COLUMN_WIDTH = 104;

export const whyHref = (name: string) => `/settings/roles/why?permission=${encodeURIComponent(name)}`;

/** The roving focus: the item (row) and column of the one cell in the tab order; column -1 is the row header. */
export interface ActiveCell {
  item: number;
  column: number;
}

interface GroupRowProps {
  item: number;
  label: string;
  count: number;
  collapsed: boolean;
  active: boolean;
  width: number;
  onToggle: () => void;
}

export const GroupRow = memo(function GroupRow({ item, label, count, collapsed, active, width, onToggle }: GroupRowProps) {
  return (
    <div role="row" aria-rowindex={item + 2} className="flex border-b border-border bg-muted" style={{ height: ROW_HEIGHT, width }}>
      <div role="rowheader" aria-colindex={1} className="sticky left-0 z-10 flex items-center bg-muted" style={{ width: FIRST_COLUMN_WIDTH }}>
        <button
          type="button"
          data-item={item}
          data-column={-1}
          tabIndex={active ? 0 : -1}
          aria-expanded={!collapsed}
          onClick={onToggle}
          className="flex h-full w-full items-center gap-1.5 px-3 text-left text-xs font-semibold uppercase tracking-wide focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-ring"
        >
          {collapsed ? <ChevronRight className="size-4" aria-hidden /> : <ChevronDown className="size-4" aria-hidden />}
          {label} <span className="font-normal normal-case text-muted-foreground">({count})</span>
        </button>
      </div>
    </div>
  );
});

interface PermissionRowProps {
  item: number;
  rowIndex: number;
  row: MatrixRow;
  columns: readonly MatrixHead[];
  states: Uint16Array;
  busy: ReadonlySet<string>;
  /** The active column when the roving focus is on this row, else null. */
  activeColumn: number | null;
  width: number;
}

function PermissionRowView({ item, rowIndex, row, columns, states, busy, activeColumn, width }: PermissionRowProps) {
  const offset = rowIndex * columns.length;
  return (
    <div role="row" aria-rowindex={item + 2} className="group/row flex border-b border-border" style={{ height: ROW_HEIGHT, width }}>
      <div
        role="rowheader"
        aria-colindex={1}
        className="sticky left-0 z-10 flex items-center gap-2 border-r border-border bg-background px-3 group-hover/row:bg-muted"
        style={{ width: FIRST_COLUMN_WIDTH }}
      >
        <span
          data-item={item}
          data-column={-1}
          tabIndex={activeColumn === -1 ? 0 : -1}
          title={`${row.name}: ${row.description}`}
          className="min-w-0 flex-1 truncate rounded-sm text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {row.label}
          {row.category !== 'privilege' ? <span className="ml-1.5 font-mono text-xs text-muted-foreground">{row.name}</span> : null}
        </span>
        {row.changeable ? null : (
          <Lock className="size-3.5 shrink-0 text-muted-foreground" aria-label="Beyond your own permissions: you cannot grant or remove it" />
        )}
        <Link href={whyHref(row.name)} tabIndex={-1} className="shrink-0 text-xs text-primary underline-offset-4 opacity-0 hover:underline focus-visible:opacity-100 group-hover/row:opacity-100" aria-label={`Why does someone have ${row.label}?`}>
          Why?
        </Link>
      </div>
      {columns.map((column, c) => {
        const state = states[offset + c]!;
        const lock = lockOf(column, row);
        const pending = busy.has(cellKey(column.id, row.name));
        return (
          <div key={column.id} role="gridcell" aria-colindex={c + 2} className="flex items-center justify-center border-r border-border/60" style={{ width: COLUMN_WIDTH }}>
            <button
              type="button"
              role="checkbox"
              data-item={item}
              data-column={c}
              aria-checked={state !== NOT_GRANTED}
              aria-disabled={lock !== null || state > GRANTED ? true : undefined}
              aria-busy={pending || undefined}
              aria-label={describeCell(state, columns, column, row, lock)}
              tabIndex={activeColumn === c ? 0 : -1}
              className={cn(
                'flex size-7 items-center justify-center rounded-md text-sm font-semibold transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1',
                state === GRANTED && 'bg-primary text-primary-foreground',
                state > GRANTED && 'border border-dashed border-primary/60 bg-primary/10 text-primary',
                state === NOT_GRANTED && 'border border-border text-muted-foreground/50',
                lock !== null && 'cursor-not-allowed opacity-60',
                lock === null && state <= GRANTED && 'hover:ring-2 hover:ring-primary/40',
                pending && 'animate-pulse',
              )}
            >
              <span aria-hidden>{state === NOT_GRANTED ? '' : state === GRANTED ? '✓' : '↳'}</span>
            </button>
          </div>
        );
      })}
    </div>
  );
}

/** A row re-renders only when one of its own cells, or the focus on it, changed. */
export const PermissionRow = memo(PermissionRowView, (before, after) => {
  if (
    before.item !== after.item ||
    before.row !== after.row ||
    before.columns !== after.columns ||
    before.activeColumn !== after.activeColumn ||
    before.width !== after.width
  ) {
    return false;
  }
  const offset = after.rowIndex * after.columns.length;
  for (let c = 0; c < after.columns.length; c += 1) {
    if (before.states[offset + c] !== after.states[offset + c]) return false;
    const key = cellKey(after.columns[c]!.id, after.row.name);
    if (before.busy.has(key) !== after.busy.has(key)) return false;
  }
  return true;
});
