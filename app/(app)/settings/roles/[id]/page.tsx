import { Check, SearchCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { CATEGORY_LABELS, PERMISSIONS } from '@/lib/access/catalogue';
import { mayHandOut } from '@/lib/access/escalation';
import { requirePagePermission } from '@/lib/access/page-permission';
import { ALL_PRIVILEGES } from '@/lib/access/resolver';
import { planDuplicateRole } from '@/lib/dal/roles/duplicate-role';
import { getRoleUsage } from '@/lib/dal/roles/get-role-usage';
import { DeleteRoleDialog } from '../_components/delete-role-dialog';
import { DuplicateRoleDialog } from '../_components/duplicate-role-dialog';
import { loadRoleEditorData } from '../_components/load';
import { RoleEditor } from '../_components/role-editor';

export const metadata: Metadata = { title: 'Role' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function RolePage({ params, searchParams }: PageProps<'/settings/roles/[id]'>) {
  const { id } = await params;
  // The roles list's Duplicate button opens the dialog at once.
  const duplicateNow = (await searchParams).duplicate === '1';
  if (!UUID.test(id)) notFound();
  const guard = await requirePagePermission('/settings/roles');
  if (!guard.allowed) return guard.forbidden;
  const { actor, access } = guard;
  const { roles, held } = await loadRoleEditorData(actor, access);
  const role = roles.find((candidate) => candidate.id === id);
  if (!role) notFound();
  // A broken role (see compileRolesTolerant) cannot be copied until it is fixed; it can be edited and deleted.
  const [plan, usage] = await Promise.all([role.broken ? null : planDuplicateRole(actor, id), role.builtinKey ? null : getRoleUsage(actor, id)]);
  const others = roles.filter((candidate) => candidate.id !== id);
  const memberTargets = others.map((candidate) => ({ id: candidate.id, name: candidate.name, assignable: mayHandOut(access, [...candidate.effectivePermissions, ...candidate.effectivePrivileges]) }));
  // The roles based on this one cannot become their own base: the role and everything below it is left out.
  const baseTargets = others
    .filter((candidate) => !candidate.chain.some((link) => link.id === id))
    .map((candidate) => ({ id: candidate.id, name: candidate.name, assignable: mayHandOut(access, [...candidate.effectivePermissions, ...candidate.effectivePrivileges]) }));

  return (
    <div className="grid max-w-4xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="grid gap-1">
          <Link href="/settings/roles" className="text-sm text-muted-foreground hover:underline">
            ← Roles
          </Link>
          <h1 className="text-2xl font-semibold">{role.name}</h1>
          <p className="text-muted-foreground" data-testid="role-chain">
            {role.chain.map((link) => link.name).join(' ← ')} · {role.memberCount} member{role.memberCount === 1 ? '' : 's'}
            {role.groups.length ? (
              <>
                {' directly, and the members of '}
                {role.groups.map((group, i) => (
                  <span key={group.id}>
                    {i > 0 ? ', ' : ''}
                    <Link href={`/settings/organization/groups/${group.id}`} className="underline-offset-4 hover:underline">
                      {group.name}
                    </Link>
                  </span>
                ))}
              </>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="ghost" asChild>
            <Link href="/settings/roles/why">
              <SearchCheck aria-hidden /> Why / view as
            </Link>
          </Button>
          {plan ? <DuplicateRoleDialog plan={plan} defaultOpen={duplicateNow} /> : null}
        </div>
      </header>
      {role.builtinKey ? (
        <Card>
          <CardHeader>
            <CardTitle>What {role.name} may do</CardTitle>
            <p className="text-sm text-muted-foreground">Built-in roles cannot be changed. To adjust one, duplicate it, or create a custom role based on it.</p>
          </CardHeader>
          <CardContent className="grid gap-4">
            {role.effectivePermissions.length === 0 ? <p className="text-sm text-muted-foreground">Nothing beyond their own profile.</p> : null}
            {(['module', 'operational', 'functional'] as const).map((category) => {
              const granted = PERMISSIONS.filter((permission) => permission.category === category && role.effectivePermissions.includes(permission.name));
              if (granted.length === 0) return null;
              return (
                <section key={category} className="grid gap-1">
                  <h2 className="text-sm font-semibold">{CATEGORY_LABELS[category]}</h2>
                  <ul className="grid gap-1 sm:grid-cols-2">
                    {granted.map((permission) => (
                      <li key={permission.name} className="flex items-center gap-2 text-sm">
                        <Check className="size-4 text-emerald-700" aria-hidden /> {permission.label}
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
            {role.effectivePrivileges.includes(ALL_PRIVILEGES) ? <p className="text-sm">And every custom privilege.</p> : null}
          </CardContent>
        </Card>
      ) : (
        <RoleEditor roles={roles} role={role} held={held} deleteControl={usage ? <DeleteRoleDialog usage={usage} memberTargets={memberTargets} baseTargets={baseTargets} /> : null} />
      )}
    </div>
  );
}
