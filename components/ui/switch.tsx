'use client';

import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';

/**
 * An on/off switch: a button with role="switch" (WAI-ARIA switch pattern: Space and Enter toggle it, as
 * any button). Not Radix's Switch: on the server it cannot tell whether it sits in a form, so it renders a
 * hidden checkbox beside every switch, and the Users tab shows one switch a row. None of ours submits a
 * form; a switch that must would take a hidden input of its own.
 */
export function Switch({
  checked,
  onCheckedChange,
  className,
  onClick,
  ...props
}: Omit<ComponentProps<'button'>, 'role' | 'type' | 'value' | 'onChange'> & { checked: boolean; onCheckedChange?: (checked: boolean) => void }) {
  const state = checked ? 'checked' : 'unchecked';
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      data-state={state}
      // Its styles are the switch utility (app/globals.css).
      className={cn('switch', className)}
      onClick={(event) => {
        onClick?.(event);
        if (!event.defaultPrevented) onCheckedChange?.(!checked);
      }}
      {...props}
    >
      <span data-state={state} className="switch-thumb" />
    </button>
  );
}
