'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import { cn } from '@/lib/utils';
import { Tooltip } from './tooltip';

/** Whether the element's text is cut off (its content is wider than its box); follows resizes. */
export function useTruncated<T extends HTMLElement>(text: string): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [truncated, setTruncated] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const check = () => setTruncated(element.scrollWidth > element.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    return () => observer.disconnect();
  }, [text]);
  return [ref, truncated];
}

/**
 * One line of text cut with an ellipsis where it does not fit. When it is cut, the full text shows on
 * hover and on focus (the text then takes a tab stop, so keyboard users reach it too); screen readers
 * always read the whole text.
 */
export function TruncatedText({ text, className }: { text: string; className?: string }) {
  const [ref, truncated] = useTruncated<HTMLSpanElement>(text);
  return (
    <Tooltip content={text} disabled={!truncated}>
      <span
        ref={ref}
        tabIndex={truncated ? 0 : undefined}
        className={cn('cut-text', className)}
      >
        {text}
      </span>
    </Tooltip>
  );
}
