'use client';

import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useHydrated } from '@/components/use-hydrated';
import { toast } from 'sonner';
import type { MatrixColumn, MatrixHead, MatrixRowCategory, RoleMatrix } from '@/lib/types/role-matrix';
import { GRANTED, lockOf, NOT_GRANTED } from './cell-state';
import { ColumnHeaders } from './column-headers';
import { CellTooltip, useCellTooltip } from './cell-tooltip';
import { COLUMN_WIDTH, FIRST_COLUMN_WIDTH, GroupRow, HEADER_HEIGHT, PermissionRow, ROW_HEIGHT, type ActiveCell, type ColumnWindow } from './matrix-row';
import { GROUPS, useMatrixItems } from './matrix-items';
import { MatrixToolbar } from './matrix-toolbar';
import { useMatrixCells } from './use-matrix-cells';

const INITIAL_RECT = { width: 1200, height: 560 };

/** The columns rendered, as one object that stays the same while they do, so rows can skip re-rendering. */
function useColumnWindow(indexes: readonly number[]): ColumnWindow {
  const key = indexes.join(',');
  return useMemo(() => ({ indexes: key ? key.split(',').map(Number) : [] }), [key]);
}

/** The default range (what is in view, plus overscan) and, wherever it is, the index holding the focus. */
function keepIndex(keep: number) {
  return (range: Range) => {
    const indexes = defaultRangeExtractor(range);
    return keep < 0 || keep >= range.count || indexes.includes(keep) ? indexes : [...indexes, keep].sort((a, b) => a - b);
  };
}

/**
 * Name, chain and lock of each column: the same object while only cells and versions change, so a toggle
 * re-renders only the rows whose cells moved. The JSON string is both the memo key and the value.
 */
function useColumnHeads(columns: readonly MatrixColumn[]): MatrixHead[] {
  const signature = JSON.stringify(columns.map(({ id, name, builtinKey, baseRoleId, memberCount, chain }) => ({ id, name, builtinKey, baseRoleId, memberCount, chain })));
  return useMemo(() => JSON.parse(signature) as MatrixHead[], [signature]);
}

/**
 * The permission matrix: rows are permissions by category, then custom privileges; columns are roles. An
 * ARIA grid with one roving tab stop (arrows, Home/End, Page Up/Down; Space or Enter toggles), a sticky
 * header row and first column, and only the rows in view rendered, so 50 roles x 200 rows stays quick.
 */
export function PermissionMatrix({ initial }: { initial: RoleMatrix }) {
  const { rows } = initial;
  const { columns, states, busy, toggle } = useMatrixCells(initial.columns, rows);
  const heads = useColumnHeads(columns);
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const [collapsed, setCollapsed] = useState<ReadonlySet<MatrixRowCategory>>(new Set());
  const [active, setActive] = useState<ActiveCell>({ item: 1, column: 0 });
  const tooltip = useCellTooltip();
  const scrollRef = useRef<HTMLDivElement>(null);
  // Where the keyboard is, as of the last key (state and DOM focus follow a render later), and the cell
  // waiting to take the focus once it is rendered (after the scroll that brings it into view).
  const position = useRef<ActiveCell>({ item: 1, column: 0 });
  const pendingFocus = useRef<string | null>(null);
  // True once hydrated: clicks do something from then on (the browser tests wait for it).
  const hydrated = useHydrated();

  const items = useMatrixItems(rows, deferredFilter, collapsed);

  const width = FIRST_COLUMN_WIDTH + heads.length * COLUMN_WIDTH;
  const current: ActiveCell = { item: Math.min(active.item, items.length - 1), column: active.column };
  const columnAt = (item: number, column: number) => (items[item]?.kind === 'group' ? -1 : column);
  // The focused row and column stay rendered when scrolled away: the focus is never dropped to the page.
  const keepRow = useMemo(() => keepIndex(current.item), [current.item]);
  const activeColumn = columnAt(current.item, current.column);
  const keepColumn = useMemo(() => keepIndex(activeColumn), [activeColumn]);
  // TanStack Virtual keeps its own state outside React; the compiler cannot memoize around it (see users-table).
  // eslint-disable-next-line react-hooks/incompatible-library
  const rowVirtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // The sticky header sits above the rows, and must not hide the row scrolled to.
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The server renders about one screen, as a browser would show it; the browser then measures.
    initialRect: INITIAL_RECT,
    rangeExtractor: keepRow,
  });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: heads.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COLUMN_WIDTH,
    overscan: 2,
    paddingStart: FIRST_COLUMN_WIDTH,
    scrollPaddingStart: FIRST_COLUMN_WIDTH,
    initialRect: INITIAL_RECT,
    rangeExtractor: keepColumn,
  });

  useEffect(() => {
    // Runs after every render, the virtualizers' included: the cell is focused as soon as it exists.
    const selector = pendingFocus.current;
    const element = selector ? scrollRef.current?.querySelector<HTMLElement>(selector) : null;
    if (!element) return;
    pendingFocus.current = null;
    element.focus({ preventScroll: true });
  });

  const activeRow = items[current.item]?.kind === 'row' ? rows[(items[current.item] as { rowIndex: number }).rowIndex] : undefined;

  const toggleCell = useCallback(
    (rowIndex: number, column: number) => {
      const row = rows[rowIndex]!;
      const role = columns[column]!;
      const state = states[rowIndex * columns.length + column]!;
      const lock = lockOf(role, row);
      if (lock === 'builtin') return void toast.info(`${role.name} is a built-in role: it cannot be changed. Create a custom role based on it instead.`);
      if (lock === 'beyond') return void toast.info(`You do not hold “${row.label}” yourself, so you cannot grant or remove it.`);
      if (state > GRANTED) {
        const from = columns[state - 2]!.name;
        return void toast.info(`${role.name} inherits “${row.label}” from ${from}: change it on ${from}.`);
      }
      toggle(role.id, row, state === NOT_GRANTED);
    },
    [rows, columns, states, toggle],
  );

  function go(item: number, column: number) {
    const nextItem = Math.max(0, Math.min(items.length - 1, item));
    const nextColumn = Math.max(-1, Math.min(heads.length - 1, column));
    position.current = { item: nextItem, column: nextColumn };
    pendingFocus.current = `[data-item="${nextItem}"][data-column="${columnAt(nextItem, nextColumn)}"]`;
    setActive(position.current);
    rowVirtualizer.scrollToIndex(nextItem, { align: 'auto' });
    if (nextColumn >= 0) columnVirtualizer.scrollToIndex(nextColumn, { align: 'auto' });
    else if (scrollRef.current) scrollRef.current.scrollLeft = 0;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!(event.target as HTMLElement).closest('[data-item]') && event.target !== event.currentTarget) return;
    // From where the last key left the keyboard, not from the focus: it may still be on its way.
    const { item, column: wanted } = position.current;
    const column = columnAt(item, wanted);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const keys: Record<string, () => unknown> = {
      // A group's row has only its header: across it, the column the keyboard came from is kept.
      ArrowRight: () => items[item]?.kind === 'row' && go(item, column + 1),
      ArrowLeft: () => items[item]?.kind === 'row' && go(item, column - 1),
      ArrowDown: () => go(item + 1, wanted),
      ArrowUp: () => go(item - 1, wanted),
      PageDown: () => go(item + page, wanted),
      PageUp: () => go(item - page, wanted),
      Home: () => (event.ctrlKey ? go(0, -1) : go(item, -1)),
      End: () => (event.ctrlKey ? go(items.length - 1, heads.length - 1) : go(item, heads.length - 1)),
    };
    const entry = items[item];
    if ((event.key === ' ' || event.key === 'Enter') && entry?.kind === 'row' && column >= 0) {
      event.preventDefault();
      if (!event.repeat) toggleCell(entry.rowIndex, column);
      return;
    }
    const move = keys[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  }

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-item]');
    if (!target) return;
    const item = Number(target.dataset.item);
    const column = Number(target.dataset.column);
    position.current = { item, column };
    setActive(position.current);
    const entry = items[item];
    // Keyboard "clicks" on a cell are handled in onKeyDown; detail 0 is such a synthetic click.
    if (entry?.kind === 'row' && column >= 0 && event.detail > 0) toggleCell(entry.rowIndex, column);
  }

  const virtualItems = rowVirtualizer.getVirtualItems();
  const view = useColumnWindow(columnVirtualizer.getVirtualItems().map((virtual) => virtual.index));

  // Scrolled away from the focus's cell (it is not rendered): the grid itself takes the tab stop and hands
  // the focus back to that cell, so Tab still leads into the matrix.
  const activeRendered =
    virtualItems.some((virtual) => virtual.index === current.item) && (activeColumn === -1 || view.indexes.includes(activeColumn));

  return (
    <div className="grid min-w-0 gap-3">
      <MatrixToolbar
        filter={filter}
        onFilter={setFilter}
        anyCollapsed={collapsed.size > 0}
        onToggleAll={() => setCollapsed(collapsed.size > 0 ? new Set() : new Set(GROUPS.map((group) => group.category)))}
        activeRow={activeRow}
      />
      <p className="sr-only" id="matrix-help">
        Use the arrow keys to move between cells, Space or Enter to grant or remove a permission. Hover or focus a cell to see where it comes from.
      </p>
      <div
        ref={scrollRef}
        className="relative max-h-[70vh] overflow-auto rounded-lg border border-border bg-background"
        data-testid="matrix-scroll"
        data-ready={hydrated || undefined}
        {...tooltip.handlers}
      >
        <div
          role="grid"
          aria-label="Permission matrix"
          aria-describedby="matrix-help"
          aria-rowcount={items.length + 1}
          aria-colcount={heads.length + 1}
          tabIndex={activeRendered ? undefined : 0}
          onFocus={(event) => {
            if (event.target === event.currentTarget) return go(current.item, current.column);
            // Focus put on a cell some other way (a click, a screen reader's cursor): the keyboard starts there.
            const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-item]');
            if (cell && !pendingFocus.current) {
              const next = { item: Number(cell.dataset.item), column: Number(cell.dataset.column) };
              const { item, column } = position.current;
              if (next.item !== item || next.column !== columnAt(item, column)) {
                position.current = next;
                setActive(next);
              }
            }
          }}
          onKeyDown={onKeyDown}
          onClick={onClick}
          style={{ width }}
          className="focus-visible:outline-none"
        >
          <ColumnHeaders columns={heads} view={view} width={width} />
          <div className="relative" style={{ height: rowVirtualizer.getTotalSize() - HEADER_HEIGHT, width }}>
          {virtualItems.map((virtual) => {
            const item = items[virtual.index]!;
            if (item.kind === 'group') {
              return (
                <GroupRow
                  key={`group-${item.category}`}
                  item={virtual.index}
                  top={virtual.start - HEADER_HEIGHT}
                  label={item.label}
                  count={item.count}
                  collapsed={collapsed.has(item.category) && !deferredFilter.trim()}
                  active={current.item === virtual.index}
                  width={width}
                  onToggle={() =>
                    setCollapsed((now) => {
                      const next = new Set(now);
                      if (next.has(item.category)) next.delete(item.category);
                      else next.add(item.category);
                      return next;
                    })
                  }
                />
              );
            }
            return (
              <PermissionRow
                key={rows[item.rowIndex]!.name}
                item={virtual.index}
                top={virtual.start - HEADER_HEIGHT}
                rowIndex={item.rowIndex}
                row={rows[item.rowIndex]!}
                columns={heads}
                states={states}
                busy={busy}
                activeColumn={current.item === virtual.index ? current.column : null}
                view={view}
                width={width}
              />
            );
          })}
          </div>
        </div>
      </div>
      {items.length === 0 ? <p className="text-sm text-muted-foreground">No permission matches “{filter}”.</p> : null}
      <CellTooltip tip={tooltip.tip} />
    </div>
  );
}
