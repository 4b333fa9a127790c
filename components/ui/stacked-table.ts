/**
 * Classes for a small table that stacks on a phone: below `sm` each row becomes a block and each cell a
 * "label · value" line, its label taken from the cell's `data-label` (the header row is hidden). Explicit
 * ARIA roles keep the table's semantics when its display changes. From `sm` up it is an ordinary table.
 */
export const stackedTable = {
  table: 'w-full text-left text-sm max-sm:block',
  head: 'text-xs uppercase text-muted-foreground max-sm:hidden',
  body: 'divide-y divide-border max-sm:block',
  row: 'max-sm:grid max-sm:gap-1 max-sm:py-3',
  cell: 'max-sm:flex max-sm:min-w-0 max-sm:items-baseline max-sm:justify-between max-sm:gap-3 max-sm:p-0 max-sm:text-right max-sm:before:shrink-0 max-sm:before:text-left max-sm:before:text-xs max-sm:before:uppercase max-sm:before:text-muted-foreground max-sm:before:content-[attr(data-label)]',
} as const;
