import { Search } from 'lucide-react';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';
import { Input } from './input';

/** A search box with its magnifier inside; `wrapperClassName` sizes the box around both. */
export function SearchInput({ wrapperClassName, className, ...props }: Omit<ComponentProps<typeof Input>, 'type'> & { wrapperClassName?: string }) {
  return (
    <div className={cn('relative', wrapperClassName)}>
      <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <Input type="search" className={cn('h-9 pl-9', className)} {...props} />
    </div>
  );
}
