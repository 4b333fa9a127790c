'use client';

import { Lock, TriangleAlert } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition, type ReactNode } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Label } from '@/components/ui/label';
import { CATEGORY_LABELS, PERMISSIONS, isSystemPermission, type PermissionCategory } from '@/lib/access/catalogue';
import type { RoleView } from '@/lib/types/roles';
import { cn } from '@/lib/utils';
import { createRoleAction, updateRoleAction } from '../actions';

const PRIVILEGE_NAME = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
const CATEGORIES: PermissionCategory[] = ['module', 'operational', 'functional'];

export interface Held {
  permissions: string[];
  privileges: string[];
  allPrivileges: boolean;
}

function splitPrivileges(raw: string): string[] {
  return [...new Set(raw.split(/[\s,]+/).map((name) => name.trim()).filter(Boolean))];
}

/**
 * Creates or edits a custom role: name, description, the role it is based on (its chain previewed), its own
 * permissions by category, and custom privileges. Inherited permissions show as granted and locked, with
 * the role they come from; permissions beyond the editor's own are shown but cannot be changed.
 */
export function RoleEditor({ roles, role, held, deleteControl }: { roles: RoleView[]; role?: RoleView; held: Held; deleteControl?: ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [baseRoleId, setBaseRoleId] = useState(role?.baseRoleId ?? roles.find((candidate) => candidate.builtinKey === 'user')?.id ?? '');
  const [own, setOwn] = useState<Set<string>>(new Set(role?.ownPermissions ?? []));
  const [privilegeText, setPrivilegeText] = useState((role?.privileges ?? []).join(', '));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<string | null>(null);

  const heldSet = useMemo(() => new Set(held.permissions), [held.permissions]);
  // A role cannot be based on itself or on a role below it (that would close a circle). A broken role is
  // listed (it may be the current base) but cannot be picked.
  const baseOptions = roles.filter((candidate) => !role || candidate.id === role.baseRoleId || !candidate.chain.some((link) => link.id === role.id));
  const base = roles.find((candidate) => candidate.id === baseRoleId);
  // A base holding more than the editor would hand that out: shown, not offered (the server refuses it too).
  const mayBaseOn = (candidate: RoleView) =>
    candidate.broken === null &&
    (candidate.id === role?.baseRoleId ||
      held.allPrivileges ||
      (candidate.effectivePermissions.every((name) => heldSet.has(name)) && candidate.effectivePrivileges.every((name) => held.privileges.includes(name))));
  const inherited = new Set(base?.effectivePermissions ?? []);
  const privileges = splitPrivileges(privilegeText);
  const badPrivileges = privileges.filter((privilege) => !PRIVILEGE_NAME.test(privilege) || privilege.length > 64);
  const shadowed: string[] = privileges.filter(isSystemPermission);
  const chainPreview = [name.trim() || 'This role', ...(base?.chain.map((link) => link.name) ?? [])].join(' ← ');
  const mayChangePrivilege = (privilege: string) => held.allPrivileges || held.privileges.includes(privilege);
  const lockedPrivileges = (role?.privileges ?? []).filter((privilege) => !mayChangePrivilege(privilege));

  function toggle(permission: string) {
    setOwn((current) => {
      const next = new Set(current);
      if (next.has(permission)) next.delete(permission);
      else next.add(permission);
      return next;
    });
  }

  function save() {
    setErrors({});
    setConflict(null);
    const payload = { name, description, baseRoleId, permissions: [...own].filter((permission) => !inherited.has(permission)), privileges: privilegeText };
    startTransition(async () => {
      const result = role ? await updateRoleAction({ ...payload, roleId: role.id, version: role.version }) : await createRoleAction(payload);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        if (result.code === 'conflict' && !result.fieldErrors) setConflict(result.message);
        toast.error(result.message);
        return;
      }
      toast.success(role ? `Saved “${name.trim()}”.` : `Created “${name.trim()}”.`);
      if (result.data.shadowed.length > 0) toast.warning(`Ignored while a system permission has the same name: ${result.data.shadowed.join(', ')}.`);
      if (role) router.refresh();
      else router.push(`/settings/roles/${'id' in result.data ? result.data.id : ''}`);
    });
  }

  return (
    <form
      className="grid gap-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      {role?.broken ? (
        <Alert variant="error" data-testid="role-broken">
          This role is broken and grants nothing to its members: {role.broken} Base it on a working role below and save to fix it.
        </Alert>
      ) : null}
      {conflict ? (
        <Alert variant="error" className="flex flex-wrap items-center justify-between gap-3">
          <span>{conflict}</span>
          <Button type="button" size="sm" variant="outline" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>About the role</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field name="name" label="Name" required maxLength={60} value={name} onChange={(event) => setName(event.target.value)} error={errors.name} />
          <Field name="description" label="Description" maxLength={500} value={description} onChange={(event) => setDescription(event.target.value)} error={errors.description} />
          <div className="grid gap-1.5">
            <Label htmlFor="baseRoleId">Based on</Label>
            <select
              id="baseRoleId"
              name="baseRoleId"
              value={baseRoleId}
              onChange={(event) => setBaseRoleId(event.target.value)}
              aria-invalid={errors.baseRoleId ? true : undefined}
              aria-describedby="baseRoleId-hint"
              className="h-10 rounded-md border border-border bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              {baseOptions.map((option) => (
                <option key={option.id} value={option.id} disabled={!mayBaseOn(option)}>
                  {option.name}
                  {option.broken ? ' (broken)' : mayBaseOn(option) ? '' : ' (beyond your permissions)'}
                </option>
              ))}
            </select>
            <p id="baseRoleId-hint" className="text-xs text-muted-foreground" data-testid="chain-preview">
              Chain: {chainPreview}. It has everything {base?.name ?? 'the base role'} has, plus what you tick below.
            </p>
            {errors.baseRoleId ? <p className="text-sm text-destructive">{errors.baseRoleId}</p> : null}
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Permissions</CardTitle>
          <CardDescription>Inherited permissions are locked here: change them on the role they come from.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {CATEGORIES.map((category) => (
            <fieldset key={category} className="grid gap-2">
              <legend className="mb-1 text-sm font-semibold">{CATEGORY_LABELS[category]}</legend>
              <div className="grid gap-1 sm:grid-cols-2">
                {PERMISSIONS.filter((permission) => permission.category === category).map((permission) => {
                  const fromBase = inherited.has(permission.name);
                  const beyond = !heldSet.has(permission.name);
                  const checked = fromBase || own.has(permission.name);
                  const id = `permission-${permission.name}`;
                  return (
                    <div key={permission.name} className={cn('flex items-start gap-2 rounded-md px-2 py-1.5', (fromBase || beyond) && 'opacity-80')}>
                      <input
                        id={id}
                        type="checkbox"
                        className="mt-0.5 size-4 accent-primary"
                        checked={checked}
                        disabled={fromBase || beyond || pending}
                        onChange={() => toggle(permission.name)}
                        aria-describedby={`${id}-note`}
                      />
                      <label htmlFor={id} className="grid text-sm">
                        <span>{permission.label}</span>
                        <span id={`${id}-note`} className="text-xs text-muted-foreground">
                          {fromBase ? (
                            <span className="inline-flex items-center gap-1">
                              <Lock className="size-3" aria-hidden /> from {base?.grantedBy[permission.name] ?? base?.name}
                            </span>
                          ) : beyond ? (
                            'beyond your own permissions'
                          ) : (
                            permission.name
                          )}
                        </span>
                      </label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Custom privileges</CardTitle>
          <CardDescription>
            Names for things with no system permission, separated by commas or spaces. Use dots, like <code>app.crm</code> or{' '}
            <code>report.export</code>, so they never collide with a system permission.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <Field
            name="privileges"
            label="Privileges"
            value={privilegeText}
            onChange={(event) => setPrivilegeText(event.target.value)}
            error={errors.privileges}
            placeholder="report.export, app.crm"
          />
          {privileges.length > 0 ? (
            <ul className="flex flex-wrap gap-2" aria-label="Names as entered">
              {privileges.map((privilege) => (
                <li
                  key={privilege}
                  className={cn(
                    'rounded-full border px-2.5 py-0.5 text-xs',
                    badPrivileges.includes(privilege) ? 'border-destructive/50 text-destructive' : shadowed.includes(privilege) ? 'border-amber-500 text-amber-800' : 'border-border',
                  )}
                >
                  {privilege}
                </li>
              ))}
            </ul>
          ) : null}
          {badPrivileges.length > 0 ? (
            <p className="text-sm text-destructive">Not a valid name: {badPrivileges.join(', ')}. Use lower-case letters and digits joined by dots, underscores or hyphens.</p>
          ) : null}
          {shadowed.length > 0 ? (
            <p className="flex items-start gap-2 text-sm text-amber-800" role="status">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              {shadowed.join(', ')} {shadowed.length === 1 ? 'is' : 'are'} also the name of a system permission; the system permission always takes
              priority, so {shadowed.length === 1 ? 'this privilege grants' : 'these privileges grant'} nothing.
            </p>
          ) : null}
          {lockedPrivileges.length > 0 ? (
            <p className="text-xs text-muted-foreground">You do not hold {lockedPrivileges.join(', ')} yourself: you can keep but not remove {lockedPrivileges.length === 1 ? 'it' : 'them'}.</p>
          ) : null}
        </CardContent>
      </Card>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <Button type="submit" disabled={pending || badPrivileges.length > 0}>
          {pending ? 'Saving…' : role ? 'Save changes' : 'Create role'}
        </Button>
        {deleteControl}
      </div>
    </form>
  );
}
