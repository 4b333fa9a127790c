'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { fieldErrorsOf } from '@/lib/validation/primitives';
import { WORKPLACE_KINDS, WORKPLACE_LABELS, workplaceSchema, type Workplace, type WorkplaceKindValue } from '@/lib/validation/work';
import { saveWorkplaceAction } from './actions';

const HINTS: Record<WorkplaceKindValue, string> = {
  office: 'At the company’s office.',
  remote: 'From home or anywhere.',
  place: 'A site, a client, a branch: name it.',
};

/** Where the member works: office, remote, or a named place (which needs its name). */
export function WorkplaceForm({ initial }: { initial: Workplace | null }) {
  const router = useRouter();
  const [kind, setKind] = useState<WorkplaceKindValue | ''>(initial?.kind ?? '');
  const [placeName, setPlaceName] = useState(initial?.placeName ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  return (
    <form
      className="grid gap-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const input = { kind, placeName };
        const parsed = workplaceSchema.safeParse(input);
        if (!parsed.success) {
          const found = fieldErrorsOf(parsed.error);
          setErrors(found);
          return void toast.error(Object.values(found)[0] ?? 'Check the highlighted fields.');
        }
        startTransition(async () => {
          const result = await saveWorkplaceAction(input);
          if (!result.ok) {
            setErrors(result.fieldErrors ?? {});
            return void toast.error(result.message);
          }
          setErrors({});
          toast.success('Your workplace is saved.');
          router.refresh();
        });
      }}
    >
      <fieldset className="grid gap-2" aria-describedby={errors.kind ? 'workplace-kind-error' : undefined}>
        <legend className="mb-1 text-sm font-medium">Where you work</legend>
        {initial ? null : <p className="text-sm text-muted-foreground">Not set yet: choose one.</p>}
        <div className="grid gap-2 sm:grid-cols-3">
          {WORKPLACE_KINDS.map((value) => (
            <label key={value} className="flex cursor-pointer items-start gap-2 rounded-lg border border-border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
              <input type="radio" name="workplace-kind" value={value} className="mt-0.5 accent-[var(--color-primary)]" checked={kind === value} onChange={() => { setKind(value); setErrors({}); }} />
              <span className="grid gap-0.5">
                <span className="font-medium">{WORKPLACE_LABELS[value]}</span>
                <span className="text-xs text-muted-foreground">{HINTS[value]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.kind ? (
          <p id="workplace-kind-error" className="text-sm text-destructive">
            {errors.kind}
          </p>
        ) : null}
      </fieldset>
      {kind === 'place' ? (
        <Field name="placeName" label="Place name" maxLength={120} value={placeName} onChange={(event) => setPlaceName(event.target.value)} error={errors.placeName} placeholder="e.g. Berlin warehouse" />
      ) : null}
      <Button type="submit" className="w-fit" disabled={pending}>
        Save workplace
      </Button>
    </form>
  );
}
