import Link from 'next/link';
import { cn } from '@/lib/utils';

/** Users and Invites: two tabs of one page to the person using them. */
export function PeopleTabs({ current }: { current: 'users' | 'invites' }) {
  const tabs = [
    { key: 'users', href: '/settings/users', label: 'Users' },
    { key: 'invites', href: '/settings/invites', label: 'Invites' },
  ] as const;
  return (
    <nav aria-label="Users and invites" className="flex gap-1 border-b border-border">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={tab.key === current ? 'page' : undefined}
          className={cn(
            '-mb-px border-b-2 px-4 py-2 text-sm font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
            tab.key === current ? 'border-primary text-primary' : 'border-transparent text-muted-foreground hover:text-foreground',
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
