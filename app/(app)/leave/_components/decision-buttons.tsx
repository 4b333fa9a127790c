'use client';

import { Check, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { decideLeaveAction } from '../actions';

/** Approve or decline one request, with an optional note the member reads in their email and profile. */
export function DecisionButtons({ requestId, name, range }: { requestId: string; name: string; range: string }) {
  const router = useRouter();
  const [note, setNote] = useState('');
  const [pending, startTransition] = useTransition();
  const decide = (decision: 'approve' | 'decline') =>
    startTransition(async () => {
      const result = await decideLeaveAction({ requestId, decision, note });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`${name}’s leave ${range} is ${result.data.status}.`);
      router.refresh();
    });
  return (
    <div className="grid gap-2 sm:w-64">
      <Input className="h-9" aria-label={`Note to ${name} (optional)`} placeholder="Note (optional)" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
      <div className="flex gap-2">
        <Button size="sm" disabled={pending} onClick={() => decide('approve')} aria-label={`Approve ${name}’s leave`}>
          <Check /> Approve
        </Button>
        <Button size="sm" variant="outline" disabled={pending} onClick={() => decide('decline')} aria-label={`Decline ${name}’s leave`}>
          <X /> Decline
        </Button>
      </div>
    </div>
  );
}
