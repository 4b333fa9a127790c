import { useMemo } from 'react';
import { CATEGORY_LABELS } from '@/lib/access/catalogue';
import type { MatrixRow, MatrixRowCategory } from '@/lib/types/role-matrix';

// The matrix's rows as the grid lays them out: a header per group, then its permissions, filtered and collapsed.

export const GROUPS: { category: MatrixRowCategory; label: string }[] = [
  { category: 'module', label: CATEGORY_LABELS.module },
  { category: 'operational', label: CATEGORY_LABELS.operational },
  { category: 'functional', label: CATEGORY_LABELS.functional },
  { category: 'privilege', label: 'Custom privileges' },
];

/** One line of the grid: a group's header, or a permission (by its index in the matrix's rows). */
export type Item = { kind: 'group'; category: MatrixRowCategory; label: string; count: number } | { kind: 'row'; rowIndex: number };

/** The grid's lines for a filter (matching label or name) and the collapsed groups; a filter opens every group. */
export function useMatrixItems(rows: readonly MatrixRow[], filter: string, collapsed: ReadonlySet<MatrixRowCategory>): Item[] {
  return useMemo<Item[]>(() => {
    const needle = filter.trim().toLowerCase();
    const out: Item[] = [];
    for (const group of GROUPS) {
      const matching = rows.flatMap((row, rowIndex) =>
        row.category === group.category && (!needle || row.label.toLowerCase().includes(needle) || row.name.includes(needle)) ? [rowIndex] : [],
      );
      if (matching.length === 0) continue;
      out.push({ kind: 'group', category: group.category, label: group.label, count: matching.length });
      // A filter shows its matches even in a collapsed group.
      if (!collapsed.has(group.category) || needle) for (const rowIndex of matching) out.push({ kind: 'row', rowIndex });
    }
    return out;
  }, [rows, filter, collapsed]);
}
