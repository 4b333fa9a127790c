'use client';

import { Plus, Star, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { addStructureMembersAction, removeStructureMembersAction, setPrimaryTeamAction } from '../../../organization/actions';

type Kind = 'group' | 'team' | 'department';
interface Item {
  id: string;
  name: string;
  /** Groups: the roles it gives; teams: whether it is the member's primary team. */
  note?: string;
  isPrimary?: boolean;
}
interface Option {
  id: string;
  name: string;
  depth?: number;
  note?: string;
}

const WORDS: Record<Kind, { title: string; one: string; empty: string }> = {
  group: { title: 'Groups', one: 'group', empty: 'In no group.' },
  team: { title: 'Teams', one: 'team', empty: 'In no team.' },
  department: { title: 'Departments', one: 'department', empty: 'In no department.' },
};

/** One kind of structure in the Member of widget: what the member is in (each removable) and "Add to …". */
function Placements({ kind, membershipId, name, items, options, canManage }: { kind: Kind; membershipId: string; name: string; items: Item[]; options: Option[]; canManage: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const words = WORDS[kind];
  const inIt = new Set(items.map((item) => item.id));
  const available = options.filter((option) => !inIt.has(option.id));

  function run(work: () => Promise<string | null>) {
    startTransition(async () => {
      const failure = await work();
      if (failure) return void toast.error(failure);
      router.refresh();
    });
  }

  const remove = (item: Item) =>
    run(async () => {
      const result = await removeStructureMembersAction({ kind, id: item.id, membershipIds: [membershipId] });
      if (!result.ok) return result.message;
      toast.success(kind === 'group' && item.note ? `${name} left ${item.name} and no longer holds ${item.note} through it.` : `${name} left ${item.name}.`);
      return null;
    });

  const add = () =>
    run(async () => {
      // All or none would need one action for several structures; these are few, added one by one, each
      // checked on its own (a group beyond the actor's access is refused and said so).
      const added: string[] = [];
      for (const id of picked) {
        const result = await addStructureMembersAction({ kind, id, membershipIds: [membershipId] });
        if (!result.ok) return added.length ? `${result.message} (${added.join(', ')} added before it.)` : result.message;
        added.push(options.find((option) => option.id === id)?.name ?? words.one);
      }
      const gives = kind === 'group' ? picked.map((id) => options.find((option) => option.id === id)?.note).filter(Boolean) : [];
      toast.success(`${name} joined ${added.join(', ')}.${gives.length ? ` They now hold ${gives.join(', ')} through ${added.length === 1 ? 'it' : 'them'}.` : ''}`);
      setAdding(false);
      return null;
    });

  const makePrimary = (item: Item) =>
    run(async () => {
      const result = await setPrimaryTeamAction({ membershipId, teamId: item.isPrimary ? null : item.id });
      if (!result.ok) return result.message;
      toast.success(item.isPrimary ? `${item.name} is no longer ${name}’s primary team.` : `${item.name} is ${name}’s primary team.`);
      return null;
    });

  return (
    <div className="grid gap-2" data-testid={`member-of-${kind}s`}>
      <h3 className="text-sm font-medium">{words.title}</h3>
      {items.length === 0 ? <p className="text-sm text-muted-foreground">{words.empty}</p> : null}
      <ul className="flex flex-wrap gap-2" aria-label={`${name}’s ${words.title.toLowerCase()}`}>
        {items.map((item) => (
          <li key={item.id} className="inline-flex min-w-0 max-w-full items-center gap-1 rounded-full border border-border bg-muted/50 py-1 pl-3 pr-1 text-sm">
            {kind === 'team' ? (
              <button
                type="button"
                className="rounded-full p-0.5 text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:pointer-events-none"
                aria-label={item.isPrimary ? `${item.name} is the primary team: unmark it` : `Make ${item.name} the primary team`}
                aria-pressed={item.isPrimary}
                title={item.isPrimary ? 'Primary team' : 'Make primary'}
                disabled={pending || !canManage}
                onClick={() => makePrimary(item)}
              >
                <Star className={item.isPrimary ? 'size-3.5 fill-amber-400 text-amber-500' : 'size-3.5'} aria-hidden />
              </button>
            ) : null}
            <span className="truncate">{item.name}</span>
            {item.note ? <span className="truncate text-xs text-muted-foreground">({item.note})</span> : null}
            {canManage ? (
              <button
                type="button"
                className="rounded-full p-1 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:pointer-events-none disabled:opacity-40"
                aria-label={`Remove from ${item.name}`}
                disabled={pending}
                onClick={() => remove(item)}
              >
                <X className="size-3.5" aria-hidden />
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage && options.length > 0 ? (
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          disabled={pending || available.length === 0}
          onClick={() => {
            setPicked([]);
            setAdding(true);
          }}
        >
          <Plus aria-hidden /> Add to {words.one}
        </Button>
      ) : null}
      {adding ? (
        <Dialog open onOpenChange={setAdding}>
          <DialogContent title={`Add ${name} to ${words.title.toLowerCase()}`} description={kind === 'group' ? 'They hold the roles each group carries, as long as they are in it.' : undefined}>
            <form
              className="grid min-w-0 gap-4"
              onSubmit={(event) => {
                event.preventDefault();
                add();
              }}
            >
              <fieldset className="grid max-h-72 min-w-0 gap-1 overflow-y-auto">
                <legend className="sr-only">{words.title} to add</legend>
                {available.map((option) => (
                  <label key={option.id} className="flex min-w-0 items-center gap-3 text-sm" style={{ paddingInlineStart: `${(option.depth ?? 0) * 1.25}rem` }}>
                    <input
                      type="checkbox"
                      className="size-4 shrink-0 accent-primary"
                      checked={picked.includes(option.id)}
                      onChange={(event) => setPicked((now) => (event.target.checked ? [...now, option.id] : now.filter((id) => id !== option.id)))}
                    />
                    <span className="truncate">{option.name}</span>
                    {option.note ? <span className="truncate text-xs text-muted-foreground">({option.note})</span> : null}
                  </label>
                ))}
              </fieldset>
              <div className="flex flex-wrap gap-2">
                <Button type="submit" disabled={pending || picked.length === 0}>
                  Add to {picked.length > 1 ? words.title.toLowerCase() : words.one}
                </Button>
                <Button type="button" variant="outline" onClick={() => setAdding(false)}>
                  Cancel
                </Button>
              </div>
            </form>
          </DialogContent>
        </Dialog>
      ) : null}
    </div>
  );
}

/** The rest of Member of (issue 16): the member's groups (and the roles each gives), teams (the primary one starred) and departments. */
export function MemberOfOrganization({
  membershipId,
  name,
  groups,
  teams,
  departments,
  options,
  canManage,
}: {
  membershipId: string;
  name: string;
  groups: Item[];
  teams: Item[];
  departments: Item[];
  options: { groups: Option[]; teams: Option[]; departments: Option[] };
  canManage: boolean;
}) {
  return (
    <div className="grid gap-4 border-t border-border pt-4">
      <Placements kind="group" membershipId={membershipId} name={name} items={groups} options={options.groups} canManage={canManage} />
      <Placements kind="team" membershipId={membershipId} name={name} items={teams} options={options.teams} canManage={canManage} />
      <Placements kind="department" membershipId={membershipId} name={name} items={departments} options={options.departments} canManage={canManage} />
    </div>
  );
}
