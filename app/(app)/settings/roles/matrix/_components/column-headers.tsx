'use client';

import { Lock } from 'lucide-react';
import Link from 'next/link';
import { memo } from 'react';
import type { MatrixHead } from '@/lib/types/role-matrix';
import { COLUMN_WIDTH, columnLeft, FIRST_COLUMN_WIDTH, HEADER_HEIGHT, type ColumnWindow } from './matrix-row';

/** The sticky header row: each role with where it sits (built-in, or the role it is based on). */
export const ColumnHeaders = memo(function ColumnHeaders({ columns, view, width }: { columns: readonly MatrixHead[]; view: ColumnWindow; width: number }) {
  const nameOf = new Map(columns.map((column) => [column.id, column.name]));
  return (
    <div role="row" aria-rowindex={1} className="sticky top-0 z-20 flex border-b border-border bg-background" style={{ width, height: HEADER_HEIGHT }}>
      <div role="columnheader" aria-colindex={1} className="sticky left-0 z-30 flex flex-none items-end border-r border-border bg-background px-3 pb-2 text-xs font-medium uppercase text-muted-foreground" style={{ width: FIRST_COLUMN_WIDTH }}>
        Permission
      </div>
      {view.indexes.map((c) => {
        const column = columns[c]!;
        const chain = column.chain.join(' ← ');
        return (
          <div
            key={column.id}
            role="columnheader"
            aria-colindex={c + 2}
            title={column.builtinKey ? `${column.name}: built-in role, read-only` : `${chain} · ${column.memberCount} member${column.memberCount === 1 ? '' : 's'}`}
            className="absolute inset-y-0 flex flex-col justify-end gap-0.5 border-r border-border/60 px-1.5 pb-2 text-center"
            style={{ left: columnLeft(c), width: COLUMN_WIDTH }}
          >
            {/* Out of the tab order: the grid has one tab stop (its cells); the roles list links every role too. */}
            <Link href={`/settings/roles/${column.id}`} tabIndex={-1} className="line-clamp-2 break-words text-xs font-semibold leading-tight hover:underline">
              {column.name}
            </Link>
            <span className="flex items-center justify-center gap-1 truncate text-[11px] text-muted-foreground">
              {column.builtinKey ? (
                <>
                  <Lock className="size-3" aria-hidden /> Built-in
                </>
              ) : (
                <>← {nameOf.get(column.baseRoleId ?? '') ?? ''}</>
              )}
            </span>
          </div>
        );
      })}
    </div>
  );
});
