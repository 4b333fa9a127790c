'use client';

import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';

/**
 * Where new people are placed (Add user and the invite dialog, issue 16): the account's departments as an
 * indented tick list, shown only when there are some, and an optional team that becomes their primary one.
 */
export function PlacementFields({
  idPrefix,
  departments,
  teams,
  departmentIds,
  onDepartmentIds,
  teamId,
  onTeamId,
  groups = [],
  groupIds = [],
  onGroupIds,
  errors = {},
}: {
  idPrefix: string;
  departments: { id: string; name: string; depth: number }[];
  teams: { id: string; name: string }[];
  departmentIds: string[];
  onDepartmentIds: (ids: string[]) => void;
  teamId: string;
  onTeamId: (id: string) => void;
  groups?: { id: string; name: string; roles: string[] }[];
  groupIds?: string[];
  onGroupIds?: (ids: string[]) => void;
  errors?: Record<string, string>;
}) {
  return (
    <>
      {groups.length > 0 && onGroupIds ? (
        <fieldset className="grid min-w-0 gap-1.5">
          <legend className="mb-1.5 text-sm font-medium">Groups (optional: they hold the roles each gives)</legend>
          <div className="grid max-h-40 min-w-0 gap-0.5 overflow-y-auto rounded-md border border-border p-2" data-testid={`${idPrefix}-groups`}>
            {groups.map((group) => (
              <label key={group.id} className="flex min-w-0 items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-muted">
                <input
                  type="checkbox"
                  className="size-4 shrink-0 accent-primary"
                  checked={groupIds.includes(group.id)}
                  onChange={(event) => onGroupIds(event.target.checked ? [...groupIds, group.id] : groupIds.filter((id) => id !== group.id))}
                />
                <span className="truncate">{group.name}</span>
                {group.roles.length ? <span className="truncate text-xs text-muted-foreground">({group.roles.join(', ')})</span> : null}
              </label>
            ))}
          </div>
          {errors.groupIds ? <p className="text-sm text-destructive">{errors.groupIds}</p> : null}
        </fieldset>
      ) : null}
      {departments.length > 0 ? (
        <fieldset className="grid min-w-0 gap-1.5">
          <legend className="mb-1.5 text-sm font-medium">Departments (optional)</legend>
          <div className="grid max-h-40 min-w-0 gap-0.5 overflow-y-auto rounded-md border border-border p-2" data-testid={`${idPrefix}-departments`}>
            {departments.map((department) => (
              <label key={department.id} className="flex min-w-0 items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-muted" style={{ paddingInlineStart: `${0.25 + department.depth * 1.25}rem` }}>
                <input
                  type="checkbox"
                  className="size-4 shrink-0 accent-primary"
                  checked={departmentIds.includes(department.id)}
                  onChange={(event) => onDepartmentIds(event.target.checked ? [...departmentIds, department.id] : departmentIds.filter((id) => id !== department.id))}
                />
                <span className="truncate">{department.name}</span>
              </label>
            ))}
          </div>
          {errors.departmentIds ? <p className="text-sm text-destructive">{errors.departmentIds}</p> : null}
        </fieldset>
      ) : null}
      {teams.length > 0 ? (
        <div className="grid min-w-0 gap-1.5">
          <Label htmlFor={`${idPrefix}-team`}>Primary team (optional)</Label>
          <NativeSelect id={`${idPrefix}-team`} className="h-10 w-full min-w-0" value={teamId} onChange={(event) => onTeamId(event.target.value)}>
            <option value="">— None —</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </NativeSelect>
          {errors.teamId ? <p className="text-sm text-destructive">{errors.teamId}</p> : null}
        </div>
      ) : null}
    </>
  );
}
