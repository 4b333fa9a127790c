'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Switch } from '@/components/ui/switch';
import type { MemberRow } from '@/lib/dal/members';
import { changeMemberStatusAction } from '../actions';

/** The quick activation toggle (deactivation asks first), or Approve for a pending guest. */
export function ActivationCell({ member, actorIsOwner }: { member: MemberRow; actorIsOwner: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const name = `${member.firstName} ${member.lastName}`.trim();
  const protectedOwner = member.roles.some((role) => role.builtinKey === 'owner') && !actorIsOwner;
  const reason = member.isSelf ? 'You cannot deactivate yourself' : protectedOwner ? 'Only an Owner can change an Owner' : undefined;

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
  return (
    <>
      <Switch
        checked={member.status === 'active'}
        disabled={pending || Boolean(reason)}
        title={reason}
        aria-label={member.status === 'active' ? `Deactivate ${name}` : `Activate ${name}`}
        onCheckedChange={(checked) => (checked ? run('activate') : setConfirming(true))}
      />
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Deactivate ${name}?`}
        description={`${name} is signed out at once and cannot sign in until reactivated. Their role and settings are kept.`}
        confirmLabel="Deactivate"
        onConfirm={() => run('deactivate')}
      />
    </>
  );
}
