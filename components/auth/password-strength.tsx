'use client';

import { useEffect, useState } from 'react';
import type { PasswordCheck } from '@/lib/auth/password-policy';
import { cn } from '@/lib/utils';

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
const COLOURS = ['bg-red-600', 'bg-orange-500', 'bg-amber-500', 'bg-emerald-600', 'bg-emerald-700'] as const;

/** A live strength hint from the same policy the server enforces (its dictionaries load on first use). */
export function PasswordStrength({ password, context = [] }: { password: string; context?: string[] }) {
  const [result, setResult] = useState<PasswordCheck | null>(null);
  const contextKey = context.join('\u0000');
  useEffect(() => {
    let cancelled = false;
    if (!password) {
      Promise.resolve().then(() => !cancelled && setResult(null));
      return () => {
        cancelled = true;
      };
    }
    import('@/lib/auth/password-policy').then(({ checkPassword }) => {
      if (!cancelled) setResult(checkPassword(password, contextKey.split('\u0000')));
    });
    return () => {
      cancelled = true;
    };
  }, [password, contextKey]);

  if (!result) return null;
  return (
    <div className="grid gap-1" aria-live="polite" data-testid="password-strength">
      <div className="flex gap-1" aria-hidden>
        {[0, 1, 2, 3].map((bar) => (
          <span key={bar} className={cn('h-1.5 flex-1 rounded-full', bar < Math.max(1, result.score) ? COLOURS[result.score] : 'bg-border')} />
        ))}
      </div>
      <p className={cn('text-xs', result.ok ? 'text-emerald-800' : 'text-muted-foreground')}>
        {LABELS[result.score]}
        {result.ok ? '' : ` — ${result.message}`}
      </p>
    </div>
  );
}
