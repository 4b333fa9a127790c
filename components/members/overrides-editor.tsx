'use client';

import { CATEGORY_LABELS, MODULES, PERMISSIONS } from '@/lib/access/catalogue';
import { NativeSelect } from '@/components/ui/native-select';

export interface OverridesValue {
  grants: string[];
  denies: string[];
  hiddenModules: string[];
}

type Choice = 'role' | 'grant' | 'deny';

/**
 * A member's exceptions to their role: modules unticked to hide them from the menu (and block them), and
 * single permissions granted or denied (deny wins). Grants beyond the editor's own are not offered.
 */
export function OverridesEditor({
  value,
  onChange,
  roleGranted,
  held,
  disabled,
  notes,
}: {
  value: OverridesValue;
  onChange: (next: OverridesValue) => void;
  roleGranted: ReadonlySet<string>;
  held: ReadonlySet<string>;
  disabled?: boolean;
  /** Where each permission's current answer comes from (the resolver's explanation), by name. */
  notes?: Record<string, string>;
}) {
  const choiceOf = (name: string): Choice => (value.denies.includes(name) ? 'deny' : value.grants.includes(name) ? 'grant' : 'role');
  const setChoice = (name: string, choice: Choice) =>
    onChange({
      ...value,
      grants: choice === 'grant' ? [...value.grants.filter((n) => n !== name), name] : value.grants.filter((n) => n !== name),
      denies: choice === 'deny' ? [...value.denies.filter((n) => n !== name), name] : value.denies.filter((n) => n !== name),
    });
  const effective = (name: string, moduleKey?: string) => {
    if (moduleKey && value.hiddenModules.includes(moduleKey)) return false;
    const choice = choiceOf(name);
    return choice === 'deny' ? false : choice === 'grant' ? true : roleGranted.has(name);
  };

  return (
    <div className="grid gap-5">
      <fieldset className="grid gap-2" disabled={disabled}>
        <legend className="mb-1 text-sm font-semibold">Navigation permissions</legend>
        <p className="text-xs text-muted-foreground">Untick a module to hide it from this user’s menu and block it.</p>
        <div className="grid gap-1 sm:grid-cols-3">
          {MODULES.map((entry) => {
            const inRole = roleGranted.has(`${entry.key}.view`) || value.grants.includes(`${entry.key}.view`);
            const id = `nav-${entry.key}`;
            return (
              <label key={entry.key} htmlFor={id} className="flex items-center gap-2 text-sm">
                <input
                  id={id}
                  type="checkbox"
                  className="size-4 accent-primary"
                  checked={inRole && !value.hiddenModules.includes(entry.key)}
                  disabled={!inRole}
                  onChange={(event) =>
                    onChange({
                      ...value,
                      hiddenModules: event.target.checked ? value.hiddenModules.filter((key) => key !== entry.key) : [...value.hiddenModules, entry.key],
                    })
                  }
                />
                <span className={inRole ? '' : 'text-muted-foreground'}>{entry.label}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <fieldset className="grid gap-2" disabled={disabled}>
        <legend className="mb-1 text-sm font-semibold">Permissions</legend>
        <div className="grid gap-3">
          {(['module', 'operational', 'functional'] as const).map((category) => (
            <div key={category} className="grid gap-1">
              <p className="text-xs font-medium uppercase text-muted-foreground">{CATEGORY_LABELS[category]}</p>
              {PERMISSIONS.filter((permission) => permission.category === category).map((permission) => {
                const choice = choiceOf(permission.name);
                const id = `perm-${permission.name}`;
                return (
                  <div key={permission.name} className="flex flex-wrap items-center justify-between gap-2 rounded px-1 py-0.5 text-sm hover:bg-muted/50" data-testid="permission-row">
                    <label htmlFor={id} className="grid flex-1">
                      <span>
                        {permission.label} <span className="text-xs text-muted-foreground">{roleGranted.has(permission.name) ? '· in role' : ''}</span>
                      </span>
                      {notes?.[permission.name] ? <span className="text-xs text-muted-foreground">{notes[permission.name]}</span> : null}
                    </label>
                    <span className={effective(permission.name, permission.module) ? 'text-xs text-emerald-700' : 'text-xs text-muted-foreground'}>
                      {effective(permission.name, permission.module) ? 'Allowed' : 'Not allowed'}
                    </span>
                    <NativeSelect id={id} className="h-8" value={choice} onChange={(event) => setChoice(permission.name, event.target.value as Choice)}>
                      <option value="role">As the role says</option>
                      <option value="grant" disabled={!held.has(permission.name) && choice !== 'grant'}>
                        Grant{held.has(permission.name) ? '' : ' (beyond yours)'}
                      </option>
                      <option value="deny">Deny</option>
                    </NativeSelect>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
