'use client';

import { Building2, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import type { DepartmentNode } from '@/lib/types/organization';
import { deleteDepartmentAction } from '../../actions';
import { DepartmentDialog } from './department-dialog';
import { StructureCell, StructureEmpty, StructureList, StructureRow } from '../../_components/structure-list';

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
      <StructureEmpty kind="department" icon={Building2} title="No departments yet" action={<DepartmentDialog departments={departments} trigger={newButton} />}>
        Departments describe how the company is organized — Sales, Support, Finance — and can nest, each with its own email and phone number. Add user offers them once there are some.
      </StructureEmpty>
    );
  }
  return (
    <div className="grid gap-3">
      <StructureList
        kind="department"
        term={term}
        onTerm={setTerm}
        action={<DepartmentDialog departments={departments} trigger={newButton} />}
        matches={shown.length}
        columns={[{ label: 'Contact', className: 'w-56' }]}
      >
        {shown.map((department) => (
          <StructureRow
            key={department.id}
            kind="department"
            id={department.id}
            name={department.name}
            note={department.description || null}
            members={department.members}
            editDialog={(trigger) => <DepartmentDialog departments={departments} editing={department} trigger={trigger} />}
            onDelete={() => setDeleting(department)}
            nameStyle={{ paddingInlineStart: `calc(1rem + ${department.depth * 1.25}rem)` }}
            marker={
              department.depth > 0 ? (
                <span className="mr-1 text-muted-foreground" aria-hidden>
                  └
                </span>
              ) : null
            }
          >
            <StructureCell className="text-xs">
              {department.email ? <span className="block truncate">{department.email}</span> : null}
              {department.phone ? <span className="block truncate text-muted-foreground">{department.phone}</span> : null}
              {!department.email && !department.phone ? <span className="text-muted-foreground max-md:hidden">—</span> : null}
            </StructureCell>
          </StructureRow>
        ))}
      </StructureList>
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
