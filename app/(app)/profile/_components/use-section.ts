'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/actions/types';

/**
 * One profile section's save: runs the action, keeps its field errors for the fields beside which they
 * show, toasts the outcome and refreshes the page (and the shell, which shows the name and picture).
 */
export function useSection() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const run = <T,>(action: () => Promise<ActionResult<T>>, success: string | ((data: T) => string | null), after?: (data: T) => void) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.message);
        return;
      }
      setErrors({});
      const message = typeof success === 'string' ? success : success(result.data);
      if (message) toast.success(message);
      after?.(result.data);
      router.refresh();
    });
  return { pending, errors, setErrors, run };
}
