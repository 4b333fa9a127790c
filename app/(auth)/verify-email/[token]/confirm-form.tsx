'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { confirmContactEmailAction } from './actions';

/**
 * A button rather than confirming on open: mail scanners fetch links on their own, and only the person
 * should confirm that an address is theirs.
 */
export function ConfirmContactEmail({ token, address }: { token: string; address: string }) {
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  if (outcome?.ok) {
    return (
      <div className="grid gap-3">
        <Alert variant="success">{outcome.message}</Alert>
        <Link href="/profile" className="text-sm text-primary underline-offset-4 hover:underline">
          Go to your profile
        </Link>
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      {outcome ? <Alert variant="error">{outcome.message}</Alert> : null}
      <Button
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await confirmContactEmailAction({ token });
            setOutcome(result.ok ? { ok: true, message: `${address} is confirmed. Your notifications go there from now on.` } : { ok: false, message: result.message });
          })
        }
      >
        Confirm {address}
      </Button>
    </div>
  );
}
