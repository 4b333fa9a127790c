import type { ComponentProps } from 'react';
import { cn } from '@/lib/utils';
import { Label } from './label';

/** A labelled multi-line box with its error, as Field is for one line. */
export function TextareaField({ id, label, error, className, ...props }: ComponentProps<'textarea'> & { id: string; label: string; error?: string }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <textarea
        id={id}
        className={cn('min-h-20 rounded-md border border-border bg-background px-3 py-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring', className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...props}
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
