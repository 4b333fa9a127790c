import { Copy, Grid3x3, Plus, SearchCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { isSystemPermission, permissionDef } from '@/lib/access/catalogue';
import { requirePagePermission } from '@/lib/access/page-permission';
import { ALL_PRIVILEGES } from '@/lib/access/resolver';
import { listRoles } from '@/lib/dal/roles/list-roles';

export const metadata: Metadata = { title: 'Roles' };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export default async function RolesPage() {
  const guard = await requirePagePermission('/settings/roles');
  if (!guard.allowed) return guard.forbidden;
  const { actor } = guard;
  const roles = await listRoles(actor);
  return (
    <div className="grid max-w-5xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold">Roles</h1>
          <p className="text-muted-foreground">What each role may do. Custom roles are based on another role and add to it.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" asChild>
            <Link href="/settings/roles/why">
              <SearchCheck aria-hidden /> Why / view as
            </Link>
          </Button>
          <Button variant="outline" asChild>
            <Link href="/settings/roles/matrix">
              <Grid3x3 aria-hidden /> Permission matrix
            </Link>
          </Button>
          <Button asChild>
            <Link href="/settings/roles/new">
              <Plus aria-hidden /> New role
            </Link>
          </Button>
        </div>
      </header>
      <Card className="relative overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="roles-table">
          <thead className="border-b border-border text-xs uppercase text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">Role</th>
              <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">Chain</th>
              <th scope="col" className="px-4 py-3 font-medium">Adds</th>
              <th scope="col" className="px-4 py-3 text-right font-medium">Members</th>
              <th scope="col" className="px-4 py-3 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {roles.map((role) => {
              // A custom privilege named like a system permission adds nothing: the system permission wins.
              const privileges = role.privileges.filter((name) => name !== ALL_PRIVILEGES && !isSystemPermission(name));
              return (
                <tr key={role.id} className="hover:bg-muted/50">
                  <td className="px-4 py-3">
                    <Link href={`/settings/roles/${role.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                      {role.name}
                    </Link>
                    {role.builtinKey ? <span className="ml-2 whitespace-nowrap rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">Built-in</span> : null}
                    {role.broken ? (
                      <span className="ml-2 rounded bg-destructive/10 px-1.5 py-0.5 text-xs text-destructive" title={role.broken}>
                        Broken: grants nothing
                      </span>
                    ) : null}
                    {role.description ? <p className="text-xs text-muted-foreground">{role.description}</p> : null}
                  </td>
                  <td className="hidden px-4 py-3 text-muted-foreground sm:table-cell">{role.chain.map((link) => link.name).join(' ← ')}</td>
                  <td className="px-4 py-3 text-muted-foreground">
                    {role.builtinKey ? `${plural(role.effectivePermissions.length, 'permission')}${role.effectivePrivileges.includes(ALL_PRIVILEGES) ? ' and every custom privilege' : ''}` : <Adds permissions={role.ownPermissions} privileges={privileges} />}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums" data-testid="role-members">
                    {role.memberCount}
                    {role.groups.length ? (
                      // Members of the groups that carry the role hold it too (issue 16): said, and linked.
                      <span className="block whitespace-nowrap text-xs text-muted-foreground" title={`Also held by the members of ${role.groups.map((group) => group.name).join(', ')}`}>
                        +{' '}
                        {role.groups.length === 1 ? (
                          <Link href={`/settings/organization/groups/${role.groups[0]!.id}`} className="underline-offset-4 hover:underline">
                            {role.groups[0]!.name}
                          </Link>
                        ) : (
                          `${role.groups.length} groups`
                        )}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-3 text-right">
                    <Button variant="ghost" size="sm" asChild>
                      <Link href={`/settings/roles/${role.id}?duplicate=1`} aria-label={`Duplicate ${role.name}`} title="Duplicate">
                        <Copy aria-hidden />
                      </Link>
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
    </div>
  );
}

/** What a custom role adds to its base: a few permission labels and privileges, then how many more. */
function Adds({ permissions, privileges }: { permissions: string[]; privileges: string[] }) {
  const names = [...permissions.map((name) => permissionDef(name)?.label ?? name), ...privileges];
  if (names.length === 0) return <span>Nothing of its own</span>;
  const shown = names.slice(0, 3);
  return (
    <span title={names.join(', ')}>
      {shown.join(', ')}
      {names.length > shown.length ? ` +${names.length - shown.length} more` : ''}
    </span>
  );
}
