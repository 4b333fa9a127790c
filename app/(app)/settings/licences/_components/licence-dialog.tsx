'use client';

import { useState, type ReactNode } from 'react';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { DialogForm, useDialogSave } from '@/components/ui/dialog-form';
import { Field } from '@/components/ui/field';
import { Label } from '@/components/ui/label';
import type { LicencePoolSummary } from '@/lib/types/licences';
import { createLicencePoolAction, updateLicencePoolAction } from '../actions';

/** What a licence may unlock, as the dialog offers it (the page passes the catalogue less what runs the account). */
export interface UnlockChoices {
  modules: { key: string; label: string }[];
  permissions: { name: string; label: string; module: string | null }[];
}

/** `datetime-local` value for a moment, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** New licence, or edit one: product key and name, seats, an optional end, and what it unlocks. */
export function LicenceDialog({ choices, editing, trigger }: { choices: UnlockChoices; editing?: LicencePoolSummary; trigger: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ key: '', name: '', seats: '1', endsAt: '' });
  const [modules, setModules] = useState<string[]>([]);
  const [permissions, setPermissions] = useState<string[]>([]);
  const { errors, setErrors, pending, save: run } = useDialogSave(() => setOpen(false));

  function save() {
    // A permission of a module it unlocks whole is not listed again.
    const input = { ...form, endsAt: form.endsAt ? new Date(form.endsAt).toISOString() : null, modules, permissions: permissions.filter((name) => !modules.includes(choices.permissions.find((p) => p.name === name)?.module ?? '')) };
    run(() => (editing ? updateLicencePoolAction({ ...input, id: editing.id }) : createLicencePoolAction(input)), editing ? `Saved “${form.name.trim()}”.` : `Created the licence “${form.name.trim()}”.`);
  }

  const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((entry) => entry !== item));

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) {
          setForm({ key: editing?.key ?? '', name: editing?.name ?? '', seats: String(editing?.seats ?? 1), endsAt: toLocalInput(editing?.endsAt ?? null) });
          setModules(editing?.modules ?? []);
          setPermissions(editing?.permissions ?? []);
          setErrors({});
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent
        title={editing ? `Edit “${editing.name}”` : 'New licence'}
        description="A licence unlocks modules or features for the members who hold one of its seats. Once it exists, only seat holders keep what it unlocks, whatever their roles say."
      >
        <DialogForm onSubmit={save} pending={pending} submitLabel={editing ? 'Save' : 'Create licence'} className="min-w-0">
          <div className="grid min-w-0 items-start gap-4 sm:grid-cols-2">
            <Field name="name" label="Name" required maxLength={100} placeholder="CRM Pro" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} error={errors.name} autoFocus />
            <Field name="key" label="Product key" required maxLength={64} placeholder="crm.pro" value={form.key} onChange={(event) => setForm({ ...form, key: event.target.value })} error={errors.key} />
            <Field name="seats" type="number" inputMode="numeric" min={1} max={1_000_000} label="Seats" required value={form.seats} onChange={(event) => setForm({ ...form, seats: event.target.value })} error={errors.seats} />
            <div className="grid min-w-0 gap-1.5">
              <Label htmlFor="licence-ends-at">Ends (optional)</Label>
              <input
                id="licence-ends-at"
                type="datetime-local"
                className="h-10 w-full min-w-0 rounded-md border border-border bg-background px-3"
                value={form.endsAt}
                aria-invalid={errors.endsAt ? true : undefined}
                onChange={(event) => setForm({ ...form, endsAt: event.target.value })}
              />
              {errors.endsAt ? <p className="text-sm text-destructive">{errors.endsAt}</p> : <p className="text-xs text-muted-foreground">In your time zone. Empty: no end.</p>}
            </div>
          </div>
          <fieldset className="grid min-w-0 gap-1.5">
            <legend className="mb-1.5 text-sm font-medium">What it unlocks</legend>
            <div className="grid max-h-64 min-w-0 gap-3 overflow-y-auto rounded-md border border-border p-2" data-testid="licence-unlocks">
              <div className="grid gap-0.5">
                <p className="px-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Modules (all their permissions)</p>
                {choices.modules.map((module) => (
                  <label key={module.key} className="flex min-w-0 items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-muted">
                    <input type="checkbox" className="size-4 shrink-0 accent-primary" checked={modules.includes(module.key)} onChange={(event) => setModules(toggle(modules, module.key, event.target.checked))} />
                    <span className="truncate">{module.label}</span>
                  </label>
                ))}
              </div>
              <div className="grid gap-0.5">
                <p className="px-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Single permissions</p>
                {choices.permissions.map((permission) => {
                  const inModule = permission.module !== null && modules.includes(permission.module);
                  return (
                    <label key={permission.name} className="flex min-w-0 items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-muted" title={permission.name}>
                      <input
                        type="checkbox"
                        className="size-4 shrink-0 accent-primary"
                        disabled={inModule}
                        checked={inModule || permissions.includes(permission.name)}
                        onChange={(event) => setPermissions(toggle(permissions, permission.name, event.target.checked))}
                      />
                      <span className="truncate">{permission.label}</span>
                      {inModule ? <span className="shrink-0 text-xs text-muted-foreground">(with its module)</span> : null}
                    </label>
                  );
                })}
              </div>
            </div>
            {errors.permissions || errors.modules ? <p className="text-sm text-destructive">{errors.permissions ?? errors.modules}</p> : null}
          </fieldset>
        </DialogForm>
      </DialogContent>
    </Dialog>
  );
}
