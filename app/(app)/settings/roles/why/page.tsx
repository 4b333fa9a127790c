import { ArrowLeft, Ban, CircleCheck, CircleX } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { isSystemPermission, permissionDef } from '@/lib/access/catalogue';
import type { Explanation } from '@/lib/access/explain';
import { requirePagePermission } from '@/lib/access/page-permission';
import { ALL_PRIVILEGES } from '@/lib/access/resolver';
import { DalError } from '@/lib/dal/core/errors';
import { getMemberAccessView, listAccountPrivileges, type MemberAccessView } from '@/lib/dal/roles/explain-member-access';
import { listRoles } from '@/lib/dal/roles/list-roles';
import { type RoleView } from '@/lib/types/roles';
import { whyQuerySchema } from '@/lib/validation/access';
import { ViewAsNav } from '../_components/view-as-nav';
import { WhyPicker } from './_components/why-picker';

export const metadata: Metadata = { title: 'Why / view as' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function WhyPage({ searchParams }: PageProps<'/settings/roles/why'>) {
  const guard = await requirePagePermission('/settings/roles');
  if (!guard.allowed) return guard.forbidden;
  const { actor } = guard;
  const raw = await searchParams;
  const query = whyQuerySchema.parse({ member: first(raw.member) || undefined, permission: first(raw.permission) || undefined });
  const [privileges, roles] = await Promise.all([listAccountPrivileges(actor), listRoles(actor)]);
  let view: MemberAccessView | null = null;
  let memberMissing = false;
  if (query.member) {
    view = await getMemberAccessView(actor, query.member, query.permission).catch((error) => {
      if (error instanceof DalError && error.code === 'not_found') return null;
      throw error;
    });
    memberMissing = view === null;
  }

  return (
    <div className="grid max-w-5xl gap-6">
      <header className="grid gap-1">
        <Link href="/settings/roles" className="flex w-fit items-center gap-1 text-sm text-muted-foreground hover:underline">
          <ArrowLeft className="size-3.5" aria-hidden /> Roles
        </Link>
        <h1 className="text-2xl font-semibold">Why / view as</h1>
        <p className="text-muted-foreground">Pick a member and a permission to see what grants or denies it, and the menu that member gets.</p>
      </header>

      <Card>
        <CardContent className="pt-6">
          <WhyPicker member={view ? { membershipId: view.member.membershipId, name: view.member.name, email: view.member.email } : null} permission={query.permission ?? null} privileges={privileges} />
          {memberMissing ? <p className="mt-3 text-sm text-destructive">That member is not in this account. Search for another.</p> : null}
        </CardContent>
      </Card>

      {view && view.explained ? <WhyCard view={view} /> : null}
      {!view && query.permission ? <RolesGranting name={query.permission} roles={roles} /> : null}
      {view && !view.explained ? <p className="text-sm text-muted-foreground">Pick a permission to see why {view.member.name} holds it or not.</p> : null}
      {!view && !query.permission ? <p className="text-sm text-muted-foreground">Start by searching for a member.</p> : null}

      {view ? (
        <>
          <Card>
            <CardHeader>
              <CardTitle>{view.member.name}’s roles</CardTitle>
              <CardDescription>Each role with the chain it inherits from, and their own exceptions.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3 text-sm">
              <ul className="grid gap-1" data-testid="why-roles">
                {view.member.roles.map((role) => (
                  <li key={role.id}>
                    <Link href={`/settings/roles/${role.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                      {role.name}
                    </Link>
                    {role.chain.length > 1 ? <span className="text-muted-foreground"> — {role.chain.join(' ← ')}</span> : null}
                    {role.group ? (
                      <span className="text-muted-foreground">
                        {' '}
                        · through the group{' '}
                        <Link href={`/settings/organization/groups/${role.group.id}`} className="text-primary underline-offset-4 hover:underline">
                          {role.group.name}
                        </Link>
                      </span>
                    ) : null}
                  </li>
                ))}
                {view.member.roles.length === 0 ? <li className="text-muted-foreground">No role.</li> : null}
              </ul>
              <Overrides overrides={view.overrides} />
              <p>
                <Link href={`/settings/users/${view.member.membershipId}`} className="text-primary underline-offset-4 hover:underline">
                  Open {view.member.name}’s user page
                </Link>
              </p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>View as {view.member.name}</CardTitle>
              <CardDescription>Read-only: the menu {view.member.name} gets, and what is hidden or blocked.</CardDescription>
            </CardHeader>
            <CardContent>
              <ViewAsNav name={view.member.name} navigation={view.navigation} modules={view.modules} />
            </CardContent>
          </Card>
        </>
      ) : null}
    </div>
  );
}

function WhyCard({ view }: { view: MemberAccessView }) {
  const explained = view.explained!;
  const { explanation } = explained;
  return (
    <Card data-testid="why-result">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          {explanation.granted ? <CircleCheck className="size-5 text-emerald-700" aria-hidden /> : <CircleX className="size-5 text-destructive" aria-hidden />}
          {view.member.name} {explanation.granted ? 'has' : 'does not have'} {explained.label}
        </CardTitle>
        <CardDescription>
          <code className="rounded bg-muted px-1.5 py-0.5">{explained.name}</code> · {explained.kind === 'permission' ? 'system permission' : 'custom privilege'} · {explained.text}
        </CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        <ExplanationDetail explanation={explanation} view={view} />
      </CardContent>
    </Card>
  );
}

function ExplanationDetail({ explanation, view }: { explanation: Explanation; view: MemberAccessView }) {
  const name = view.member.name;
  switch (explanation.source) {
    case 'role':
      return (
        <div className="grid gap-2">
          <p>The path from the role {name} holds{explanation.group ? ' through a group' : ''} to the role that grants it:</p>
          <ol className="flex flex-wrap items-center gap-2" aria-label="Path" data-testid="why-path">
            {explanation.group ? (
              <li className="flex items-center gap-2">
                <Link href={`/settings/organization/groups/${explanation.group.id}`} className="rounded-full border border-sky-600/40 bg-sky-50 px-2.5 py-0.5 text-sky-900">
                  {explanation.group.name} (group)
                </Link>
                <span className="text-muted-foreground">gives</span>
              </li>
            ) : null}
            {explanation.path.map((link, index) => {
              const last = index === explanation.path.length - 1;
              return (
                <li key={link.id} className="flex items-center gap-2">
                  {index > 0 ? <span className="text-muted-foreground">based on</span> : null}
                  <Link
                    href={`/settings/roles/${link.id}`}
                    className={last ? 'rounded-full border border-emerald-600/40 bg-emerald-50 px-2.5 py-0.5 font-medium text-emerald-900' : 'rounded-full border border-border px-2.5 py-0.5'}
                  >
                    {link.name}
                  </Link>
                  {last ? <span className="text-emerald-800">grants it</span> : null}
                </li>
              );
            })}
          </ol>
        </div>
      );
    case 'override':
      return <p>Granted to {name} alone, by an exception on their user page, whatever their roles say.</p>;
    case 'deny-override':
      return (
        <p className="flex items-center gap-2">
          <Ban className="size-4 text-destructive" aria-hidden /> Denied to {name} alone, by an exception on their user page. A denial wins over every role.
        </p>
      );
    case 'hidden-module':
      return <p>The {permissionDef(`${explanation.module}.view`)?.label.replace(/^Open /, '') ?? explanation.module} module is hidden for {name}, which blocks every permission in it, whatever their roles say.</p>;
    case 'none':
      return (
        <div className="grid gap-1">
          <p>None of {name}’s roles grants it, anywhere in their chains, and no exception grants it to {name}.</p>
          {explanation.shadowedPrivilegeIn ? (
            <p className="text-amber-800">
              “{explanation.shadowedPrivilegeIn.name}” carries a custom privilege of this name, but a system permission of the same name always takes priority, so it grants nothing.
            </p>
          ) : null}
        </div>
      );
  }
}

function Overrides({ overrides }: { overrides: MemberAccessView['overrides'] }) {
  const parts = [
    overrides.grants.length ? `granted: ${overrides.grants.join(', ')}` : null,
    overrides.denies.length ? `denied: ${overrides.denies.join(', ')}` : null,
    overrides.hiddenModules.length ? `hidden modules: ${overrides.hiddenModules.join(', ')}` : null,
  ].filter(Boolean);
  return <p className="text-muted-foreground">{parts.length ? `Exceptions — ${parts.join('; ')}.` : 'No exceptions to their roles.'}</p>;
}

/** Without a member: which roles of the account grant the permission, and from which role of their chain. */
function RolesGranting({ name, roles }: { name: string; roles: RoleView[] }) {
  const system = isSystemPermission(name);
  const granting = roles.filter((role) => (system ? role.effectivePermissions.includes(name) : role.effectivePrivileges.includes(name) || role.effectivePrivileges.includes(ALL_PRIVILEGES)));
  const label = permissionDef(name)?.label ?? name;
  return (
    <Card data-testid="why-roles-granting">
      <CardHeader>
        <CardTitle>Roles that grant {label}</CardTitle>
        <CardDescription>
          <code className="rounded bg-muted px-1.5 py-0.5">{name}</code> · pick a member above to see their own answer.
        </CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        {granting.length === 0 ? (
          <p className="text-muted-foreground">No role of this account grants it.</p>
        ) : (
          <ul className="grid gap-1">
            {granting.map((role) => (
              <li key={role.id}>
                <Link href={`/settings/roles/${role.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                  {role.name}
                </Link>
                <span className="text-muted-foreground">
                  {' '}
                  — {role.grantedBy[name] ? (role.grantedBy[name] === role.name ? 'its own' : `from ${role.grantedBy[name]}`) : 'every custom privilege'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
