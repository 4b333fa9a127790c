'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Switch } from '@/components/ui/switch';
import { isOwner, mayChangeMembership } from '@/lib/access/escalation';
import type { MemberTableRow } from '@/lib/types/members';
import { changeMemberStatusAction } from '../actions';
import { AccessEndDialog, useAccessEnd } from './access-end';

/**
 * The quick activation toggle (deactivation asks first), or Approve for a pending guest. A member whose
 * access has ended is shown off, never active: switching them on asks for a new end of access, which
 * revives it without a new invitation.
 */
export function ActivationCell({ member, actorIsOwner, now }: { member: Pick<MemberTableRow, 'membershipId' | 'firstName' | 'lastName' | 'roles' | 'isSelf' | 'status' | 'accessExpiresAt'>; actorIsOwner: boolean; now: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [extending, setExtending] = useState(false);
  const name = `${member.firstName} ${member.lastName}`.trim();
  const protectedOwner = !mayChangeMembership(actorIsOwner, isOwner(member));
  const reason = member.isSelf ? 'You cannot deactivate yourself' : protectedOwner ? 'Only an Owner can change an Owner' : undefined;
  const ended = member.status === 'active' && member.accessExpiresAt !== null && new Date(member.accessExpiresAt).getTime() <= now;
  const extend = useAccessEnd(member.membershipId, name);

  function run(change: 'activate' | 'deactivate' | 'approve') {
    startTransition(async () => {
      const result = await changeMemberStatusAction({ membershipId: member.membershipId, change });
      if (!result.ok) return void toast.error(result.message);
      const done = { activate: `${name} can sign in again.`, approve: `${name} is approved and can sign in.`, deactivate: `${name} is deactivated and signed out.` };
      toast.success(done[change]);
      router.refresh();
    });
  }

  if (member.status === 'pending') {
    return (
      <Button size="sm" variant="outline" disabled={pending || Boolean(reason)} onClick={() => run('approve')} aria-label={`Approve ${name}`}>
        Approve
      </Button>
    );
  }
  if (ended) {
    return (
      <>
        <Switch checked={false} disabled={pending || Boolean(reason)} title={reason ?? 'Access has ended: switch on to extend it'} aria-label={`Extend access for ${name}`} onCheckedChange={() => setExtending(true)} />
        {/* Mounted only while open: a page of rows carries no dialog machinery it has not opened. */}
        {extending ? <AccessEndDialog
          open={extending}
          onOpenChange={setExtending}
          title={`Extend ${name}’s access`}
          description="Their access has ended. Pick a new end: they can sign in again at once, without a new invitation, and are told by email."
          initial={null}
          onSave={(endsAt) => extend({ mode: 'until', endsAt })}
        /> : null}
      </>
    );
  }
  return (
    <>
      <Switch
        checked={member.status === 'active'}
        disabled={pending || Boolean(reason)}
        title={reason}
        aria-label={member.status === 'active' ? `Deactivate ${name}` : `Activate ${name}`}
        onCheckedChange={(checked) => (checked ? run('activate') : setConfirming(true))}
      />
      {confirming ? <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Deactivate ${name}?`}
        description={`${name} is signed out at once and cannot sign in until reactivated. Their role and settings are kept.`}
        confirmLabel="Deactivate"
        onConfirm={() => run('deactivate')}
      /> : null}
    </>
  );
}
