'use client';

import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { PAGE_SIZES } from '@/lib/validation/members';
import { useMemberQuery } from './query-state';

export function Pagination({ total, page, pageSize }: { total: number; page: number; pageSize: number }) {
  const { setQuery } = useMemberQuery();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground" aria-live="polite" data-testid="users-range">
        {from}–{to} of {total.toLocaleString('en')}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-2 text-muted-foreground">
          Rows per page
          <NativeSelect value={pageSize} onChange={(event) => setQuery({ size: Number(event.target.value), page: 1 })}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </NativeSelect>
        </label>
        <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => setQuery({ page: page - 1 })} aria-label="Previous page">
          <ChevronLeft aria-hidden />
        </Button>
        <span className="tabular-nums">
          Page {Math.min(page, pages)} of {pages}
        </span>
        <Button variant="outline" size="sm" disabled={page >= pages} onClick={() => setQuery({ page: page + 1 })} aria-label="Next page">
          <ChevronRight aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
