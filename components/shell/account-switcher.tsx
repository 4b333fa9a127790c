'use client';

import { Building2, Check, ChevronsUpDown } from 'lucide-react';
import { useActionState, useRef } from 'react';
import { toast } from 'sonner';
import { useHardRedirect } from '@/components/use-hard-redirect';
import { switchAccountAction } from '@/app/(app)/actions';
import type { FormState } from '@/lib/actions/form-state';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

export function AccountSwitcher({
  current,
  accounts,
}: {
  current: { accountId: string; accountName: string };
  accounts: { accountId: string; accountName: string; roleNames: string[] }[];
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [state, formAction] = useActionState<FormState<{ redirectTo: string }> | null, FormData>(async (previous, formData) => {
    const result = await switchAccountAction(previous, formData);
    if (!result.ok) toast.error(result.message);
    return result;
  }, null);
  useHardRedirect(state?.ok ? state.data.redirectTo : undefined);
  return (
    <>
      <form ref={formRef} action={formAction} hidden>
        <input ref={inputRef} type="hidden" name="accountId" />
      </form>
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex w-full items-center gap-2 rounded-md border border-border bg-background px-3 py-2 text-left text-sm hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          aria-label={`Account: ${current.accountName}. Switch account`}
        >
          <Building2 className="size-4 text-muted-foreground" aria-hidden />
          <span className="flex-1 truncate font-medium" data-testid="current-account">
            {current.accountName}
          </span>
          {accounts.length > 1 ? <ChevronsUpDown className="size-4 text-muted-foreground" aria-hidden /> : null}
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start">
          <DropdownMenuLabel>Your accounts</DropdownMenuLabel>
          {accounts.map((account) => (
            <DropdownMenuItem
              key={account.accountId}
              disabled={account.accountId === current.accountId}
              onSelect={() => {
                if (!inputRef.current || !formRef.current) return;
                inputRef.current.value = account.accountId;
                formRef.current.requestSubmit();
              }}
            >
              <span className="grid flex-1">
                <span>{account.accountName}</span>
                <span className="text-xs text-muted-foreground">{account.roleNames.join(', ')}</span>
              </span>
              {account.accountId === current.accountId ? <Check aria-label="current" /> : null}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
