'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type ReactNode } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/actions/types';
import { cn } from '@/lib/utils';
import { Button } from './button';
import { DialogClose } from './dialog';

/**
 * A create-or-edit dialog's save: runs the action, puts its field messages beside the fields (and its
 * message in a toast) when refused, otherwise says `success`, closes the dialog and refreshes the page.
 */
export function useDialogSave(close: () => void) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  function save(run: () => Promise<ActionResult<unknown>>, success: string) {
    setErrors({});
    startTransition(async () => {
      const result = await run();
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        return void toast.error(result.message);
      }
      toast.success(success);
      close();
      router.refresh();
    });
  }
  return { errors, setErrors, pending, save };
}

/** The dialog's form: its fields, then Cancel and the submit button (which says "Saving…" meanwhile). */
export function DialogForm({ onSubmit, pending, submitLabel, className, children }: { onSubmit: () => void; pending: boolean; submitLabel: string; className?: string; children: ReactNode }) {
  return (
    <form
      className={cn('grid gap-4', className)}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <div className="flex justify-end gap-2">
        <DialogClose asChild>
          <Button type="button" variant="outline">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
