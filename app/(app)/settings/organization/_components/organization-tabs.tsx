import Link from 'next/link';
import { cn } from '@/lib/utils';

const TABS = [
  { key: 'departments', href: '/settings/organization/departments', label: 'Departments' },
  { key: 'teams', href: '/settings/organization/teams', label: 'Teams' },
  { key: 'groups', href: '/settings/organization/groups', label: 'Groups' },
] as const;

/** Departments, Teams and Groups: the tabs of Settings → Organization. */
export function OrganizationTabs({ current }: { current: (typeof TABS)[number]['key'] }) {
  return (
    <nav aria-label="Organization" className="flex gap-1 border-b border-border">
      {TABS.map((tab) => (
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
