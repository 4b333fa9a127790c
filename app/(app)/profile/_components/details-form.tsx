'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Label } from '@/components/ui/label';
import { DESCRIPTION_MAX } from '@/lib/validation/profile-options';
import { updateProfileDetailsAction } from '../actions';
import { useSection } from './use-section';

export function DetailsForm({ initial }: { initial: { firstName: string; lastName: string; description: string } }) {
  const [values, setValues] = useState(initial);
  const { pending, errors, run } = useSection();
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));
  const changed = values.firstName !== initial.firstName || values.lastName !== initial.lastName || values.description !== initial.description;
  const length = [...values.description].length;
  return (
    <form
      className="grid gap-4"
      noValidate
      aria-label="About you"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => updateProfileDetailsAction(values), 'Your profile is saved.');
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="firstName" label="First name" autoComplete="given-name" value={values.firstName} onChange={set('firstName')} error={errors.firstName} maxLength={100} />
        <Field name="lastName" label="Last name" autoComplete="family-name" value={values.lastName} onChange={set('lastName')} error={errors.lastName} maxLength={100} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="field-description">Description</Label>
        <textarea
          id="field-description"
          name="description"
          rows={4}
          value={values.description}
          onChange={set('description')}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={`field-description-hint${errors.description ? ' field-description-error' : ''}`}
          className="w-full rounded-md border border-border bg-background px-3 py-2 text-sm placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-invalid:border-destructive"
          placeholder="What you do, what colleagues can ask you about."
        />
        <p id="field-description-hint" className={length > DESCRIPTION_MAX ? 'text-xs text-destructive' : 'text-xs text-muted-foreground'}>
          Plain text, shown to colleagues. {length} / {DESCRIPTION_MAX}
        </p>
        {errors.description ? (
          <p id="field-description-error" className="text-sm text-destructive">
            {errors.description}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="w-fit" disabled={pending || !changed}>
        Save profile
      </Button>
    </form>
  );
}
