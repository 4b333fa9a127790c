import type { ComponentProps, ReactNode } from 'react';
import { Input } from './input';
import { Label } from './label';

/** A labelled input with its hint and its error, wired for screen readers. */
export function Field({
  name,
  label,
  error,
  hint,
  children,
  ...inputProps
}: ComponentProps<'input'> & { name: string; label: string; error?: string; hint?: ReactNode; children?: ReactNode }) {
  const id = inputProps.id ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...inputProps} />
      {hint ? (
        <div id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </div>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
