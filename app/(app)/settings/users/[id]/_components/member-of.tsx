'use client';

import { Plus, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { setMemberRolesAction } from '../../actions';

interface RoleOption {
  id: string;
  name: string;
  /** Within the actor's own access, so theirs to hand out. */
  assignable: boolean;
}

/**
 * The Member of widget as the specification describes it: the member's roles, each removable, and "Add
 * role" → pick one or more → "Add roles". A member keeps at least one role; roles beyond the actor's own
 * access are shown but cannot be picked (the server refuses them too).
 */
export function MemberOfWidget({ membershipId, name, current: unsorted, roles, locked }: { membershipId: string; name: string; current: { id: string; name: string }[]; roles: RoleOption[]; locked?: string }) {
  const current = [...unsorted].sort((a, b) => a.name.localeCompare(b.name));
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const held = new Set(current.map((role) => role.id));
  const available = roles.filter((role) => !held.has(role.id));

  function save(roleIds: string[], success: string, after?: () => void) {
    startTransition(async () => {
      const result = await setMemberRolesAction({ membershipId, roleIds });
      if (!result.ok) return void toast.error(result.message);
      toast.success(success);
      after?.();
      router.refresh();
    });
  }

  const names = (ids: string[]) => ids.map((id) => roles.find((role) => role.id === id)?.name ?? 'a role').join(', ');
  return (
    <div className="grid gap-3">
      <ul className="flex flex-wrap gap-2" aria-label={`${name}’s roles`} data-testid="member-of">
        {current.map((role) => (
          <li key={role.id} className="inline-flex items-center gap-1 rounded-full border border-border bg-muted/50 py-1 pl-3 pr-1 text-sm">
            {role.name}
            <button
              type="button"
              className="rounded-full p-1 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:pointer-events-none disabled:opacity-40"
              aria-label={`Remove ${role.name}`}
              title={current.length === 1 ? 'A member keeps at least one role: add another first.' : `Remove ${role.name}`}
              disabled={pending || Boolean(locked) || current.length === 1}
              onClick={() => save(current.filter((other) => other.id !== role.id).map((other) => other.id), `${role.name} removed from ${name}.`)}
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </li>
        ))}
      </ul>
      <Button
        variant="outline"
        size="sm"
        className="w-fit"
        disabled={pending || Boolean(locked) || available.length === 0}
        onClick={() => {
          setPicked([]);
          setAdding(true);
        }}
      >
        <Plus aria-hidden /> Add role
      </Button>
      {locked ? <p className="text-xs text-muted-foreground">{locked}</p> : null}
      <Dialog open={adding} onOpenChange={setAdding}>
        <DialogContent title={`Add roles to ${name}`} description="They hold everything each of their roles grants.">
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              save([...current.map((role) => role.id), ...picked], `${names(picked)} added to ${name}.`, () => setAdding(false));
            }}
          >
            <fieldset className="grid gap-2">
              <legend className="sr-only">Roles to add</legend>
              {available.map((role) => (
                <label key={role.id} className="flex items-center gap-3 text-sm" title={role.assignable ? undefined : 'Beyond your own access'}>
                  <input
                    type="checkbox"
                    className="size-4 accent-primary"
                    disabled={!role.assignable}
                    checked={picked.includes(role.id)}
                    onChange={(event) => setPicked((now) => (event.target.checked ? [...now, role.id] : now.filter((id) => id !== role.id)))}
                  />
                  <span>
                    {role.name}
                    {role.assignable ? null : <span className="ml-1.5 text-xs text-muted-foreground">(beyond your own access)</span>}
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={pending || picked.length === 0}>
                Add roles
              </Button>
              <Button type="button" variant="outline" onClick={() => setAdding(false)}>
                Cancel
              </Button>
            </div>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
