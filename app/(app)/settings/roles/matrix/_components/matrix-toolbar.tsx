'use client';

import { HelpCircle, Search } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { MatrixRow } from '@/lib/types/role-matrix';
import { Legend } from './legend';
import { whyHref } from './matrix-row';

/** Above the grid: the text filter, folding every group, "why" for the focused row, and the legend. */
export function MatrixToolbar({
  filter,
  onFilter,
  anyCollapsed,
  onToggleAll,
  activeRow,
}: {
  filter: string;
  onFilter: (value: string) => void;
  anyCollapsed: boolean;
  onToggleAll: () => void;
  activeRow: MatrixRow | undefined;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div className="relative w-full max-w-xs">
        <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input type="search" aria-label="Filter permissions" placeholder="Filter permissions…" value={filter} onChange={(event) => onFilter(event.target.value)} className="pl-9" />
      </div>
      <Button type="button" variant="ghost" size="sm" onClick={onToggleAll}>
        {anyCollapsed ? 'Expand all' : 'Collapse all'}
      </Button>
      {activeRow ? (
        <Button asChild variant="outline" size="sm" className="h-auto min-h-9 max-w-full whitespace-normal py-1.5 text-left">
          <Link href={whyHref(activeRow.name)} data-testid="matrix-why">
            <HelpCircle aria-hidden /> Why does someone have “{activeRow.label}”?
          </Link>
        </Button>
      ) : null}
      <Legend />
    </div>
  );
}
