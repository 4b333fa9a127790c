'use client';

import { UserPlus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Avatar } from '@/components/members/avatar';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { SearchInput } from '@/components/ui/search-input';
import type { PickableMember, StructureKind } from '@/lib/types/organization';
import { addStructureMembersAction, searchMembersToPickAction } from '../actions';

/**
 * "Add members": searches the whole account (name, email or phone, as the Users tab does), ticks people
 * from several searches, then adds them all at once. People already in it are left as they are.
 */
export function MemberPickerDialog({ kind, id, name }: { kind: StructureKind; id: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<PickableMember[]>([]);
  const [picked, setPicked] = useState<Map<string, PickableMember>>(new Map());
  const [searching, startSearch] = useTransition();
  const [adding, startAdding] = useTransition();

  useEffect(() => {
    if (!open) return;
    const q = term.trim();
    // Typing settles for a moment before the search goes out.
    const timer = setTimeout(() => {
      startSearch(async () => {
        if (!q) return setFound([]);
        const result = await searchMembersToPickAction({ q });
        if (!result.ok) return void toast.error(result.message);
        setFound(result.data);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [term, open]);

  function toggle(member: PickableMember) {
    const next = new Map(picked);
    if (next.has(member.membershipId)) next.delete(member.membershipId);
    else next.set(member.membershipId, member);
    setPicked(next);
  }

  function add() {
    startAdding(async () => {
      const result = await addStructureMembersAction({ kind, id, membershipIds: [...picked.keys()] });
      if (!result.ok) return void toast.error(result.message);
      const { added, already } = result.data;
      toast.success(`Added ${added} member${added === 1 ? '' : 's'} to ${name}.${already > 0 ? ` ${already} ${already === 1 ? 'was' : 'were'} in it already.` : ''}`);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) {
          setTerm('');
          setFound([]);
          setPicked(new Map());
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden /> Add members
        </Button>
      </DialogTrigger>
      <DialogContent title={`Add members to ${name}`} description="Search everyone in the account by name, email or phone, tick the people to add, then add them all at once.">
        <div className="grid min-w-0 gap-3">
          <SearchInput placeholder="Search people" aria-label="Search people to add" maxLength={100} value={term} onChange={(event) => setTerm(event.target.value)} autoFocus />
          <ul className="grid max-h-72 min-w-0 gap-1 overflow-y-auto" aria-label="People found" aria-busy={searching}>
            {found.map((member) => (
              <li key={member.membershipId}>
                <label className="flex min-w-0 cursor-pointer items-center gap-3 rounded-md px-2 py-1.5 hover:bg-muted">
                  <input type="checkbox" className="size-4 accent-primary" checked={picked.has(member.membershipId)} onChange={() => toggle(member)} aria-label={`Pick ${member.name}`} />
                  <Avatar name={member.name} avatarKey={member.avatarKey} />
                  <span className="grid min-w-0">
                    <span className="truncate text-sm font-medium">{member.name}</span>
                    <span className="truncate text-xs text-muted-foreground">{member.email}</span>
                  </span>
                </label>
              </li>
            ))}
            {term.trim() && !searching && found.length === 0 ? <li className="px-2 py-3 text-sm text-muted-foreground">No one in this account matches “{term.trim()}”.</li> : null}
          </ul>
          {picked.size > 0 ? (
            <p className="text-sm" aria-live="polite" data-testid="picked">
              Picked: {[...picked.values()].map((member) => member.name).join(', ')}
            </p>
          ) : null}
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="button" disabled={picked.size === 0 || adding} onClick={add}>
              {adding ? 'Adding…' : `Add ${picked.size || ''} member${picked.size === 1 ? '' : 's'}`.replace('  ', ' ')}
            </Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
