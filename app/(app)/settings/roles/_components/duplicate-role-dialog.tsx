'use client';

import { Copy, TriangleAlert } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { permissionDef } from '@/lib/access/catalogue';
import type { DuplicatePlan } from '@/lib/types/roles';
import { duplicateRoleAction } from '../actions';

const labelOf = (name: string) => permissionDef(name)?.label ?? name;

/**
 * Duplicates a role into a new custom role: the name is suggested ("Copy of …") and can be changed; what
 * the editor does not hold themselves is left out, and the dialog says what before anything is created.
 */
export function DuplicateRoleDialog({ plan, defaultOpen = false }: { plan: DuplicatePlan; defaultOpen?: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(defaultOpen);
  const [name, setName] = useState(plan.name);
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const count = plan.permissions.length + plan.privileges.length;

  function duplicate() {
    setError(undefined);
    startTransition(async () => {
      const result = await duplicateRoleAction({ roleId: plan.sourceId, name });
      if (!result.ok) {
        setError(result.fieldErrors?.name ?? result.message);
        return void toast.error(result.message);
      }
      toast.success(`Created “${result.data.name}” from “${plan.sourceName}”. Adjust it and save.`);
      if (result.data.notCopied.length > 0) toast.warning(`Not copied (beyond your own permissions): ${result.data.notCopied.map(labelOf).join(', ')}.`, { duration: 10_000 });
      setOpen(false);
      router.push(`/settings/roles/${result.data.id}`);
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setName(plan.name);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <Copy aria-hidden /> Duplicate
        </Button>
      </DialogTrigger>
      <DialogContent title={`Duplicate “${plan.sourceName}”`} description="A new custom role with the same permissions, which you can then adjust.">
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            // The dialog is portaled out of the role editor's form, but React still bubbles its submit there.
            event.stopPropagation();
            duplicate();
          }}
        >
          <Field name="copy-name" label="Name of the copy" required maxLength={60} value={name} onChange={(event) => setName(event.target.value)} error={error} />
          <p className="text-sm" data-testid="duplicate-summary">
            {plan.baseNote ?? `Based on ${plan.baseRoleName}, like the original.`} {count === 0 ? 'It adds nothing of its own yet.' : `It adds ${count} of its own.`}
          </p>
          {plan.notCopied.length > 0 ? (
            <div className="grid gap-1 rounded-md border border-amber-500/50 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status" data-testid="not-copied">
              <p className="flex items-center gap-2 font-medium">
                <TriangleAlert className="size-4 shrink-0" aria-hidden /> Not copied: you do not hold {plan.notCopied.length === 1 ? 'this' : 'these'} yourself
              </p>
              <p>{plan.notCopied.map(labelOf).join(', ')}</p>
            </div>
          ) : null}
          {plan.everyPrivilegeDropped ? (
            <p className="text-sm text-muted-foreground" data-testid="every-privilege-note">
              {plan.sourceName} holds every custom privilege, present and future; a custom role holds only the privileges it lists, so add the ones the copy needs.
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || !name.trim()}>
              {pending ? 'Duplicating…' : 'Duplicate'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
