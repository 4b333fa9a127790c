'use client';

import { useMemo, useRef, useState, type FocusEvent, type PointerEvent } from 'react';
import { cn } from '@/lib/utils';

interface Tip {
  text: string;
  x: number;
  y: number;
  above: boolean;
}

/**
 * One tooltip for the whole grid (not one per cell): the hovered or focused cell's words, which are its
 * accessible name, so screen readers already hear them and the tooltip is hidden from them.
 */
export function useCellTooltip() {
  const [tip, setTip] = useState<Tip | null>(null);
  // The cell the tooltip speaks of, so a scroll can move the tooltip with it (or drop it once the cell is gone).
  const anchor = useRef<HTMLElement | null>(null);
  const handlers = useMemo(() => {
    const place = (cell: HTMLElement) => {
      const box = cell.getBoundingClientRect();
      // Below the cell, or above it near the bottom of the window; never past either side.
      const above = box.bottom + 64 > window.innerHeight;
      const x = Math.min(Math.max(box.left + box.width / 2, 170), window.innerWidth - 170);
      setTip({ text: cell.getAttribute('aria-label') ?? '', x, y: above ? box.top - 6 : box.bottom + 6, above });
    };
    const show = (element: EventTarget | null) => {
      const cell = (element as Element | null)?.closest?.<HTMLElement>('[role="checkbox"][data-item]') ?? null;
      anchor.current = cell;
      if (cell) place(cell);
      else setTip(null);
    };
    const hide = () => {
      anchor.current = null;
      setTip(null);
    };
    // Scrolling (also the browser bringing a hovered or focused cell into view) keeps the tooltip on its cell.
    const follow = () => {
      const cell = anchor.current;
      if (cell?.isConnected) place(cell);
      else hide();
    };
    return {
      onPointerOver: (event: PointerEvent) => show(event.target),
      onPointerLeave: hide,
      onFocus: (event: FocusEvent) => show(event.target),
      onBlur: hide,
      onScroll: follow,
    };
  }, []);
  return { tip, handlers };
}

export function CellTooltip({ tip }: { tip: Tip | null }) {
  if (!tip) return null;
  return (
    <div
      aria-hidden
      className={cn('pointer-events-none fixed z-50 max-w-xs -translate-x-1/2 rounded-md bg-foreground px-2.5 py-1.5 text-xs text-background shadow-lg', tip.above && '-translate-y-full')}
      style={{ left: tip.x, top: tip.y }}
      data-testid="matrix-tooltip"
    >
      {tip.text}
    </div>
  );
}
