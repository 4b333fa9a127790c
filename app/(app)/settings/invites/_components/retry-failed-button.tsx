'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { retryFailedInvitationsAction } from '../actions';

/** One click requeues every failed invitation mail of this account, each with a new link. */
export function RetryFailedButton({ count }: { count: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await retryFailedInvitationsAction();
          if (!result.ok) return void toast.error(result.message);
          toast.success(result.data.retried === 1 ? 'Sending 1 invitation again.' : `Sending ${result.data.retried} invitations again.`);
          router.refresh();
        })
      }
    >
      Retry all failed{count > 1 ? ` (${count})` : ''}
    </Button>
  );
}
