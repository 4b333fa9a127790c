'use client';

import { Tooltip as TooltipPrimitive } from 'radix-ui';
import { useState, type ReactElement, type ReactNode } from 'react';
import { cn } from '@/lib/utils';

/**
 * A short text shown on hover and on keyboard focus of its trigger (the one child, which must take a ref
 * and be focusable for keyboard users). `disabled` renders the trigger alone.
 */
export function Tooltip({ content, children, disabled = false, className }: { content: ReactNode; children: ReactElement; disabled?: boolean; className?: string }) {
  const [open, setOpen] = useState(false);
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
