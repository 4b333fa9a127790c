'use client';

import { Building2, Pencil, Plus, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { CardLabel } from '@/components/ui/card-label';
import { SearchInput } from '@/components/ui/search-input';
import type { DepartmentNode } from '@/lib/types/organization';
import { deleteDepartmentAction } from '../../actions';
import { DepartmentDialog } from './department-dialog';

/** The departments whose name matches, with the departments above them (so each match keeps its place). */
function matching(departments: DepartmentNode[], term: string): DepartmentNode[] {
  const needle = term.trim().toLocaleLowerCase();
  if (!needle) return departments;
  const byId = new Map(departments.map((department) => [department.id, department]));
  const keep = new Set<string>();
  for (const department of departments) {
    if (!department.name.toLocaleLowerCase().includes(needle)) continue;
    for (let at: DepartmentNode | undefined = department; at && !keep.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) keep.add(at.id);
  }
  return departments.filter((department) => keep.has(department.id));
}

/** The department tree, indented, with search, member counts, and New / Edit / Delete. */
export function DepartmentsTree({ departments }: { departments: DepartmentNode[] }) {
  const router = useRouter();
  const [term, setTerm] = useState('');
  const [deleting, setDeleting] = useState<DepartmentNode | null>(null);
  const [, startTransition] = useTransition();
  const shown = matching(departments, term);
  const newButton = (
    <Button>
      <Plus aria-hidden /> New department
    </Button>
  );

  function remove(department: DepartmentNode) {
    startTransition(async () => {
      const result = await deleteDepartmentAction({ id: department.id });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`Deleted the department “${department.name}”.`);
      router.refresh();
    });
  }

  if (departments.length === 0) {
    return (
      <div className="grid place-items-center gap-3 rounded-xl border border-dashed border-border p-10 text-center" data-testid="departments-empty">
        <Building2 className="size-8 text-muted-foreground" aria-hidden />
        <p className="font-medium">No departments yet</p>
        <p className="max-w-md text-sm text-muted-foreground">
          Departments describe how the company is organized — Sales, Support, Finance — and can nest, each with its own email and phone number. Add user offers them once there are some.
        </p>
        <DepartmentDialog departments={departments} trigger={newButton} />
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput wrapperClassName="min-w-56 flex-1" placeholder="Search departments" aria-label="Search departments" maxLength={100} value={term} onChange={(event) => setTerm(event.target.value)} />
        <DepartmentDialog departments={departments} trigger={newButton} />
      </div>
      {shown.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border p-6 text-center text-muted-foreground">No department matches “{term.trim()}”.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border">
          <table className="w-full text-left text-sm max-md:block md:table-fixed" data-testid="departments-table">
            <thead className="border-b border-border bg-muted/40 text-xs uppercase text-muted-foreground max-md:hidden">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Department</th>
                <th scope="col" className="w-56 px-3 py-3 font-medium">Contact</th>
                <th scope="col" className="w-24 px-3 py-3 text-right font-medium">Members</th>
                <th scope="col" className="w-28 px-3 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border max-md:block">
              {shown.map((department) => (
                <tr key={department.id} className="hover:bg-muted/40 max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1 max-md:px-3 max-md:py-3" data-testid="department-row">
                  <td className="px-4 py-2.5 max-md:block max-md:p-0" style={{ paddingInlineStart: `calc(1rem + ${department.depth * 1.25}rem)` }}>
                    <Link href={`/settings/organization/departments/${department.id}`} className="block truncate font-medium text-primary hover:underline" title={department.name}>
                      {department.depth > 0 ? <span className="mr-1 text-muted-foreground" aria-hidden>└</span> : null}
                      {department.name}
                    </Link>
                    {department.description ? <span className="block truncate text-xs text-muted-foreground">{department.description}</span> : null}
                  </td>
                  <td className="px-3 py-2.5 text-xs max-md:col-start-1 max-md:block max-md:p-0">
                    {department.email ? <span className="block truncate">{department.email}</span> : null}
                    {department.phone ? <span className="block truncate text-muted-foreground">{department.phone}</span> : null}
                    {!department.email && !department.phone ? <span className="text-muted-foreground max-md:hidden">—</span> : null}
                  </td>
                  <td className="px-3 py-2.5 text-right tabular-nums max-md:col-start-1 max-md:block max-md:p-0 max-md:text-left">
                    <CardLabel>Members</CardLabel>
                    {department.members.toLocaleString('en')}
                  </td>
                  <td className="px-3 py-2.5 text-right max-md:col-start-2 max-md:row-span-3 max-md:row-start-1 max-md:block max-md:p-0">
                    <span className="inline-flex gap-1">
                      <DepartmentDialog
                        departments={departments}
                        editing={department}
                        trigger={
                          <Button size="icon" variant="ghost" className="size-8" aria-label={`Edit ${department.name}`}>
                            <Pencil aria-hidden />
                          </Button>
                        }
                      />
                      <Button size="icon" variant="ghost" className="size-8 text-destructive" aria-label={`Delete ${department.name}`} onClick={() => setDeleting(department)}>
                        <Trash2 aria-hidden />
                      </Button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setDeleting(null)}
          title={`Delete “${deleting.name}”?`}
          description={
            deleting.members > 0
              ? `Its ${deleting.members.toLocaleString('en')} member${deleting.members === 1 ? ' leaves' : 's leave'} the department; nothing else about them changes.`
              : 'It has no members. Nothing else changes.'
          }
          confirmLabel="Delete"
          onConfirm={() => remove(deleting)}
        />
      ) : null}
    </div>
  );
}
