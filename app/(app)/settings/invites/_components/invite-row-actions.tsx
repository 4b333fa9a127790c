'use client';

import { Ban, Link2, MoreHorizontal, Send } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { copyInvitationLinkAction, resendInvitationAction, revokeInvitationAction } from '../actions';

/**
 * Resend (a new link by mail), copy a new link, revoke: for invitations not yet accepted or revoked. An
 * invitation holds several links, so neither Resend nor Copy link breaks a link already handed out. One
 * menu button per row, so the table keeps every column in view; Revoke asks first.
 */
export function InviteRowActions({ invitationId, email }: { invitationId: string; email: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [revoking, setRevoking] = useState(false);
  const run = (work: () => Promise<void>) => startTransition(work);

  const resend = () =>
    run(async () => {
      const result = await resendInvitationAction({ invitationId });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`Sent a new link to ${email}. The links sent before still work.`);
      router.refresh();
    });
  const copyLink = () =>
    run(async () => {
      const result = await copyInvitationLinkAction({ invitationId });
      if (!result.ok) return void toast.error(result.message);
      await navigator.clipboard.writeText(result.data.link).catch(() => undefined);
      toast.success('Link copied. The link already emailed still works.', { description: result.data.link });
      router.refresh();
    });
  const revoke = () =>
    run(async () => {
      const result = await revokeInvitationAction({ invitationId });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`Revoked the invitation to ${email}.`);
      router.refresh();
    });

  return (
    <>
      {/* Not modal: the Revoke confirmation opens as the menu closes, and a modal menu would leave the page inert. */}
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button size="icon" variant="ghost" className="size-8" disabled={pending} aria-label={`Actions for ${email}`}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="min-w-64">
          <DropdownMenuItem onSelect={resend}>
            <Send aria-hidden /> Resend
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={copyLink} title="Makes a new link (the emailed one stops working) and copies it">
            <Link2 aria-hidden />
            <span className="grid">
              Copy link
              <span className="text-xs text-muted-foreground">A new link; the emailed one stops working</span>
            </span>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setRevoking(true)} className="text-destructive">
            <Ban aria-hidden /> Revoke
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {/* Mounted only while open: a page of rows carries no dialog machinery it has not opened. */}
      {revoking ? <ConfirmDialog
        open={revoking}
        onOpenChange={setRevoking}
        title={`Revoke the invitation to ${email}?`}
        description="Its link stops working at once."
        confirmLabel="Revoke"
        onConfirm={revoke}
      /> : null}
    </>
  );
}
