import { ShieldCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { AccountSwitcher } from '@/components/shell/account-switcher';
import { MobileNav } from '@/components/shell/mobile-nav';
import { NavLinks } from '@/components/shell/nav-links';
import { UserMenu } from '@/components/shell/user-menu';
import { requireMemberAccess } from '@/lib/auth/current';
import { listUsableMemberships } from '@/lib/dal/sessions/manage-sessions';
import { navFor } from '@/lib/navigation';

/** The signed-in shell: sidebar with the account and its switcher, navigation and the user menu. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { session, access } = await requireMemberAccess();
  const accounts = await listUsableMemberships(session.user.id);
  // Owners (who hold every privilege) see the local mailbox while mail is not being delivered.
  const nav = [
    ...navFor(access),
    ...(access.allPrivileges && !process.env.RESEND_API_KEY ? [{ href: '/dev/mail', label: 'Local mailbox', icon: 'mail', permission: null, section: 'you' as const }] : []),
  ];
  const name = `${session.user.firstName} ${session.user.lastName}`.trim();
  const switcher = (
    <AccountSwitcher
      current={{ accountId: session.membership.accountId, accountName: session.membership.accountName }}
      accounts={accounts}
    />
  );
  const userMenu = <UserMenu name={name} email={session.user.email} avatarKey={session.user.avatarKey} />;
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-background focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="relative flex h-14 items-center justify-between border-b border-border bg-sidebar px-4 lg:hidden">
        <span className="flex items-center gap-2 font-semibold">
          <ShieldCheck className="size-5 text-primary" aria-hidden /> Rolecall
        </span>
        <MobileNav
          items={nav}
          footer={
            <div className="grid gap-2 border-t border-border pt-4">
              {switcher}
              {userMenu}
            </div>
          }
        />
      </header>
      <aside className="sticky top-0 hidden h-dvh flex-col gap-6 border-r border-border bg-sidebar p-4 lg:flex">
        <span className="flex items-center gap-2 px-2 font-semibold">
          <ShieldCheck className="size-5 text-primary" aria-hidden /> Rolecall
        </span>
        {switcher}
        <nav aria-label="Main" className="-mx-1 min-h-0 flex-1 overflow-y-auto px-1">
          <NavLinks items={nav} />
        </nav>
        <div className="border-t border-border pt-3">{userMenu}</div>
      </aside>
      <main id="main" className="min-w-0 p-4 sm:p-6 lg:p-8">
        {children}
      </main>
    </div>
  );
}
