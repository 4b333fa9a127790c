'use client';

import { useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { resendActivationLinkAction } from '../actions';

/** Sends a member who has not set a password a new activation link (the earlier one stops working). */
export function ResendActivationButton({ membershipId, email }: { membershipId: string; email: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant="outline"
      className="ml-2"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await resendActivationLinkAction({ membershipId });
          if (!result.ok) return void toast.error(result.message);
          toast.success(`Sent a new activation link to ${email}; the old link no longer works.`);
        })
      }
    >
      Send a new link
    </Button>
  );
}
