'use client';

import { Building2, ChevronRight } from 'lucide-react';
import { useActionState } from 'react';
import { useHardRedirect } from '@/components/use-hard-redirect';
import { switchAccountAction } from '@/app/(app)/actions';
import { feedbackOf, type FormState } from '@/lib/actions/form-state';
import { Alert } from '@/components/ui/alert';
import type { UsableMembership } from '@/lib/types/sessions';

export function AccountPicker({
  accounts,
  currentAccountId,
  next,
}: {
  accounts: UsableMembership[];
  currentAccountId: string | null;
  next?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState<{ redirectTo: string }> | null, FormData>(switchAccountAction, null);
  const { data, message } = feedbackOf(state);
  useHardRedirect(data?.redirectTo);
  if (accounts.length === 0) {
    return <Alert variant="error">You have no account you can enter right now. Ask an administrator for access.</Alert>;
  }
  return (
    <div className="grid gap-3">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <ul className="grid gap-2">
        {accounts.map((account) => (
          <li key={account.accountId}>
            <form action={formAction}>
              <input type="hidden" name="accountId" value={account.accountId} />
              {next ? <input type="hidden" name="next" value={next} /> : null}
              <button
                type="submit"
                disabled={pending}
                className="flex w-full items-center gap-3 rounded-lg border border-border px-4 py-3 text-left hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-60"
              >
                <Building2 className="size-5 text-muted-foreground" aria-hidden />
                <span className="grid flex-1">
                  <span className="font-medium">{account.accountName}</span>
                  <span className="text-xs text-muted-foreground">
                    {account.roleNames.join(', ') || 'No role'}
                    {account.accountId === currentAccountId ? ' · current' : ''}
                  </span>
                </span>
                <ChevronRight className="size-4 text-muted-foreground" aria-hidden />
              </button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}
