'use client';

import { ChevronDown, ChevronRight, Lock } from 'lucide-react';
import Link from 'next/link';
import { memo } from 'react';
import type { MatrixHead, MatrixRow } from '@/lib/types/role-matrix';
import { describeCell, GRANTED, lockOf, NOT_GRANTED } from './cell-state';
import styles from './matrix.module.css';
import { cellKey } from './use-matrix-cells';

export const ROW_HEIGHT = 36;
export const HEADER_HEIGHT = 64;
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
  top: number;
  label: string;
  count: number;
  collapsed: boolean;
  active: boolean;
  width: number;
  onToggle: () => void;
}

export const GroupRow = memo(function GroupRow({ item, top, label, count, collapsed, active, width, onToggle }: GroupRowProps) {
  return (
    <div role="row" aria-rowindex={item + 2} className="absolute left-0 flex border-b border-border bg-muted" style={{ top, height: ROW_HEIGHT, width }}>
      <div role="rowheader" aria-colindex={1} className="sticky left-0 z-10 flex flex-none items-center bg-muted" style={{ width: FIRST_COLUMN_WIDTH }}>
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

/**
 * The columns rendered: those in view, a few either side, and the one holding the focus (so scrolling never
 * unmounts the focused cell). Each sits at its own offset, so the set need not be contiguous.
 */
export interface ColumnWindow {
  indexes: readonly number[];
}

export const columnLeft = (column: number) => FIRST_COLUMN_WIDTH + column * COLUMN_WIDTH;

interface PermissionRowProps {
  item: number;
  /** The row's offset below the header row. */
  top: number;
  rowIndex: number;
  row: MatrixRow;
  columns: readonly MatrixHead[];
  states: Uint16Array;
  busy: ReadonlySet<string>;
  /** The active column when the roving focus is on this row, else null. */
  activeColumn: number | null;
  view: ColumnWindow;
  width: number;
}

const STATE_NAMES = ['none', 'granted'];

function PermissionRowView({ item, top, rowIndex, row, columns, states, busy, activeColumn, view, width }: PermissionRowProps) {
  const offset = rowIndex * columns.length;
  const cells = [];
  for (const c of view.indexes) {
    const column = columns[c]!;
    const state = states[offset + c]!;
    const lock = lockOf(column, row);
    cells.push(
      <div key={column.id} role="gridcell" aria-colindex={c + 2} className={styles.cell} style={{ left: columnLeft(c) }}>
        <button
          type="button"
          role="checkbox"
          data-item={item}
          data-column={c}
          data-state={STATE_NAMES[state] ?? 'inherited'}
          data-locked={lock ?? undefined}
          aria-checked={state !== NOT_GRANTED}
          aria-disabled={lock !== null || state > GRANTED ? true : undefined}
          aria-busy={busy.has(cellKey(column.id, row.name)) || undefined}
          aria-label={describeCell(state, columns, column, row, lock)}
          tabIndex={activeColumn === c ? 0 : -1}
          className={styles.box}
        />
      </div>,
    );
  }
  return (
    <div role="row" aria-rowindex={item + 2} className="group/row absolute left-0 flex border-b border-border" style={{ top, height: ROW_HEIGHT, width }}>
      <div
        role="rowheader"
        aria-colindex={1}
        className="sticky left-0 z-10 flex flex-none items-center gap-2 border-r border-border bg-background px-3 group-hover/row:bg-muted"
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
        <Link
          href={whyHref(row.name)}
          tabIndex={-1}
          className="shrink-0 text-xs text-primary underline-offset-4 opacity-0 hover:underline focus-visible:opacity-100 group-hover/row:opacity-100"
          aria-label={`Why does someone have ${row.label}?`}
        >
          Why?
        </Link>
      </div>
      {cells}
    </div>
  );
}

/** A row re-renders only when one of its own cells in view, the focus on it, or the columns in view changed. */
export const PermissionRow = memo(PermissionRowView, (before, after) => {
  if (
    before.item !== after.item ||
    before.top !== after.top ||
    before.row !== after.row ||
    before.columns !== after.columns ||
    before.activeColumn !== after.activeColumn ||
    before.width !== after.width ||
    before.view !== after.view
  ) {
    return false;
  }
  const offset = after.rowIndex * after.columns.length;
  for (const c of after.view.indexes) {
    if (before.states[offset + c] !== after.states[offset + c]) return false;
    const key = cellKey(after.columns[c]!.id, after.row.name);
    if (before.busy.has(key) !== after.busy.has(key)) return false;
  }
  return true;
});
