'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { copyInvitationLinkAction, resendInvitationAction, revokeInvitationAction } from '../actions';

/**
 * Resend (a new link by mail), copy a new link, revoke: for invitations not yet accepted or revoked. An
 * invitation holds several links, so neither Resend nor Copy link breaks a link already handed out.
 */
export function InviteRowActions({ invitationId, email }: { invitationId: string; email: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<void>) => startTransition(work);
  return (
    <div className="flex min-w-44 flex-wrap justify-end gap-1">
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() =>
          run(async () => {
            const result = await resendInvitationAction({ invitationId });
            if (!result.ok) return void toast.error(result.message);
            toast.success(`Sent a new link to ${email}. The links sent before still work.`);
            router.refresh();
          })
        }
      >
        Resend
      </Button>
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        title="Makes a new link and copies it; the emailed link keeps working"
        onClick={() =>
          run(async () => {
            const result = await copyInvitationLinkAction({ invitationId });
            if (!result.ok) return void toast.error(result.message);
            await navigator.clipboard.writeText(result.data.link).catch(() => undefined);
            toast.success('Link copied. The link already emailed still works.', { description: result.data.link });
            router.refresh();
          })
        }
      >
        Copy link
      </Button>
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="outline" disabled={pending}>
            Revoke
          </Button>
        }
        title={`Revoke the invitation to ${email}?`}
        description="Every link to it stops working at once, the emailed and the copied ones."
        confirmLabel="Revoke"
        onConfirm={() =>
          run(async () => {
            const result = await revokeInvitationAction({ invitationId });
            if (!result.ok) return void toast.error(result.message);
            toast.success(`Revoked the invitation to ${email}.`);
            router.refresh();
          })
        }
      />
    </div>
  );
}
