'use client';

import { Tooltip as TooltipPrimitive } from 'radix-ui';
import { cloneElement, useState, type ReactElement, type ReactNode } from 'react';
import { cn } from '@/lib/utils';

/**
 * A short text shown on hover and on keyboard focus of its trigger (the one child, which must take a ref
 * and be focusable for keyboard users). `disabled` keeps it closed.
 *
 * On the server it is the trigger alone, marked closed as Radix marks it: the same HTML as Radix's closed
 * tooltip, so the browser hydrates its full tooltip onto it, while the server skips Radix's parts (a table of
 * 25 rows has a hundred cells that may be cut, each its own tooltip).
 */
export function Tooltip({ content, children, disabled = false, className }: { content: ReactNode; children: ReactElement<{ 'data-state'?: string }>; disabled?: boolean; className?: string }) {
  const [open, setOpen] = useState(false);
  if (typeof window === 'undefined') return cloneElement(children, { 'data-state': 'closed' });
  return (
    <TooltipPrimitive.Provider delayDuration={300}>
      <TooltipPrimitive.Root open={open && !disabled} onOpenChange={setOpen}>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            sideOffset={4}
            collisionPadding={8}
            className={cn('z-50 max-w-[min(24rem,calc(100vw-1rem))] break-words rounded-md bg-foreground px-2.5 py-1.5 text-xs text-background shadow-md', className)}
          >
            {content}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
