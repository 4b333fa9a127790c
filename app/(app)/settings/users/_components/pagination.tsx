'use client';

import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { rangeText, rounded } from '@/components/members/page-range';
import type { MemberPage, PageLink } from '@/lib/types/members';
import { PAGE_SIZES } from '@/lib/validation/members';
import { useMemberQuery } from './query-state';

type PaginationProps = Pick<MemberPage, 'total' | 'totalIsExact' | 'offset' | 'fromEnd' | 'pageSize' | 'links'> & { shown: number };

const int = (value: number) => value.toLocaleString('en');

export function Pagination(props: PaginationProps) {
  const { total, totalIsExact, offset, pageSize, links } = props;
  const { setQuery } = useMemberQuery();
  const go = (link: PageLink) => link && setQuery({ cursor: link.cursor });
  const pages = Math.max(1, Math.ceil((totalIsExact ? total : rounded(total)) / pageSize));
  // A page reached back from the last one may start between two page boundaries: it counts as the later.
  const pageNumber = offset === null ? 0 : Math.ceil(offset / pageSize) + 1;
  const button = (label: string, link: PageLink, Icon: typeof ChevronLeft) => (
    <Button variant="outline" size="sm" disabled={!link} onClick={() => go(link)} aria-label={label}>
      <Icon aria-hidden />
    </Button>
  );
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground" aria-live="polite" data-testid="users-range">
        {rangeText(props)}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-muted-foreground">
          Rows per page
          <NativeSelect value={pageSize} onChange={(event) => setQuery({ size: Number(event.target.value) })}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </NativeSelect>
        </label>
        {button('First page', links.first, ChevronsLeft)}
        {button('Previous page', links.previous, ChevronLeft)}
        {offset !== null && (
          <span className="tabular-nums">
            Page {int(pageNumber)} of {totalIsExact ? '' : 'about '}
            {int(Math.max(pages, pageNumber))}
          </span>
        )}
        {button('Next page', links.next, ChevronRight)}
        {button('Last page', links.last, ChevronsRight)}
      </div>
    </nav>
  );
}
