'use client';

import {
  BookOpen,
  ChartColumn,
  CalendarCheck,
  ClipboardList,
  Contact,
  FileText,
  LayoutDashboard,
  Mail,
  ShieldCheck,
  UserRound,
  Users,
  type LucideIcon,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { NavItem } from '@/lib/navigation';
import { cn } from '@/lib/utils';

const ICONS: Record<string, LucideIcon> = {
  dashboard: LayoutDashboard,
  tasks: ClipboardList,
  mail: Mail,
  crm: Contact,
  forms: FileText,
  knowledge: BookOpen,
  insight: ChartColumn,
  users: Users,
  roles: ShieldCheck,
  profile: UserRound,
  leave: CalendarCheck,
};

const SECTION_LABELS: Record<NavItem['section'], string | null> = { modules: null, team: 'Team', settings: 'Settings', you: null };

export function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const sections = (['modules', 'team', 'settings', 'you'] as const).map((section) => [section, items.filter((item) => item.section === section)] as const);
  return (
    <div className="grid gap-4">
      {sections
        .filter(([, entries]) => entries.length > 0)
        .map(([section, entries]) => (
          <div key={section} className="grid gap-1">
            {SECTION_LABELS[section] ? <p className="px-3 text-xs font-medium uppercase tracking-wide text-muted-foreground">{SECTION_LABELS[section]}</p> : null}
            <ul className="grid gap-1">
              {entries.map(({ href, label, icon }) => {
                const Icon = ICONS[icon] ?? LayoutDashboard;
                const active = pathname === href || pathname.startsWith(`${href}/`);
                return (
                  <li key={href}>
                    <Link
                      href={href}
                      onClick={onNavigate}
                      aria-current={active ? 'page' : undefined}
                      className={cn(
                        'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                        active && 'bg-primary/10 text-primary hover:bg-primary/10 hover:text-primary',
                      )}
                    >
                      <Icon className="size-4" aria-hidden />
                      {label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
    </div>
  );
}
