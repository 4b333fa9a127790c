'use client';

import { useState, type ReactNode } from 'react';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { DialogForm, useDialogSave } from '@/components/ui/dialog-form';
import { Field } from '@/components/ui/field';
import { TextareaField } from '@/components/ui/textarea-field';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import type { DepartmentNode } from '@/lib/types/organization';
import { createDepartmentAction, updateDepartmentAction } from '../../actions';

type Form = { name: string; parentId: string; email: string; phone: string; description: string };

const EMPTY: Form = { name: '', parentId: '', email: '', phone: '', description: '' };

/** The department and everything under it: what cannot be its new parent. */
function withDescendants(departments: DepartmentNode[], id: string): Set<string> {
  const out = new Set([id]);
  // The list is in tree order: a department's descendants follow it until depth comes back to its own.
  const start = departments.findIndex((department) => department.id === id);
  if (start < 0) return out;
  for (const department of departments.slice(start + 1)) {
    if (department.depth <= departments[start]!.depth) break;
    out.add(department.id);
  }
  return out;
}

/**
 * New department, or edit one (`editing`): name, parent (the tree, indented; never itself or one of its
 * own sub-departments), email, phone and description, each field with its own message.
 */
export function DepartmentDialog({ departments, editing, trigger }: { departments: DepartmentNode[]; editing?: DepartmentNode; trigger: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<Form>(EMPTY);
  const { errors, setErrors, pending, save: run } = useDialogSave(() => setOpen(false));
  const excluded = editing ? withDescendants(departments, editing.id) : new Set<string>();

  function reset() {
    setErrors({});
    setForm(
      editing
        ? { name: editing.name, parentId: editing.parentId ?? '', email: editing.email ?? '', phone: editing.phone ?? '', description: editing.description }
        : EMPTY,
    );
  }

  function save() {
    const input = { ...form, parentId: form.parentId || null };
    run(() => (editing ? updateDepartmentAction({ ...input, id: editing.id }) : createDepartmentAction(input)), editing ? `Saved “${form.name.trim()}”.` : `Created the department “${form.name.trim()}”.`);
  }

  const set = (key: keyof Form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) reset();
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent title={editing ? `Edit “${editing.name}”` : 'New department'} description="Departments describe how the company is organized; each can have its own email and phone number.">
        {/* min-w-0 down to the select: a long department name must not widen the dialog past a phone's screen. */}
        <DialogForm onSubmit={save} pending={pending} submitLabel={editing ? 'Save' : 'Create department'} className="min-w-0">
          <Field name="name" label="Name" required maxLength={100} value={form.name} onChange={set('name')} error={errors.name} autoFocus />
          <div className="grid min-w-0 gap-1.5">
            <Label htmlFor="department-parent">Part of</Label>
            <NativeSelect id="department-parent" className="w-full min-w-0" value={form.parentId} onChange={set('parentId')} aria-invalid={errors.parentId ? true : undefined} aria-describedby={errors.parentId ? 'department-parent-error' : undefined}>
              <option value="">— None (a top-level department) —</option>
              {departments.map((department) => (
                <option key={department.id} value={department.id} disabled={excluded.has(department.id)}>
                  {`${'\u00a0\u00a0'.repeat(department.depth)}${department.name}`}
                </option>
              ))}
            </NativeSelect>
            {errors.parentId ? (
              <p id="department-parent-error" className="text-sm text-destructive">
                {errors.parentId}
              </p>
            ) : null}
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="email" type="email" label="Email (optional)" maxLength={254} value={form.email} onChange={set('email')} error={errors.email} />
            <Field name="phone" type="tel" label="Phone (optional)" maxLength={40} placeholder="+44 20 7946 0958" value={form.phone} onChange={set('phone')} error={errors.phone} />
          </div>
          <TextareaField id="department-description" label="Description (optional)" maxLength={2000} value={form.description} onChange={set('description')} error={errors.description} />
        </DialogForm>
      </DialogContent>
    </Dialog>
  );
}
