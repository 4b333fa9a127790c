'use client';

import { LogOut, MonitorSmartphone, UserRound } from 'lucide-react';
import Link from 'next/link';
import { Avatar } from '@/components/members/avatar';
import { useRef } from 'react';
import { signOutAction, signOutEverywhereAction } from '@/app/(app)/actions';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

export function UserMenu({ name, email, avatarKey }: { name: string; email: string; avatarKey?: string | null }) {
  const signOutForm = useRef<HTMLFormElement>(null);
  const everywhereForm = useRef<HTMLFormElement>(null);
  return (
    <>
      <form ref={signOutForm} action={signOutAction} hidden />
      <form ref={everywhereForm} action={signOutEverywhereAction} hidden />
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left text-sm hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          aria-label={`User menu for ${name}`}
        >
          <Avatar name={name} avatarKey={avatarKey} />
          <span className="grid min-w-0 flex-1">
            <span className="truncate font-medium" data-testid="user-name">
              {name}
            </span>
            <span className="truncate text-xs text-muted-foreground">{email}</span>
          </span>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" side="top">
          <DropdownMenuLabel>{email}</DropdownMenuLabel>
          <DropdownMenuItem asChild>
            <Link href="/profile">
              <UserRound aria-hidden /> My profile
            </Link>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => signOutForm.current?.requestSubmit()}>
            <LogOut aria-hidden /> Sign out
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => everywhereForm.current?.requestSubmit()}>
            <MonitorSmartphone aria-hidden /> Sign out everywhere
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
