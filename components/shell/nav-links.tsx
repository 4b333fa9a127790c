'use client';

import { navIcon } from './nav-icons';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_SECTIONS, type NavItem } from '@/lib/navigation';


export function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const sections = NAV_SECTIONS.map(([section, label]) => [section, label, items.filter((item) => item.section === section)] as const);
  return (
    <div className="grid gap-4">
      {sections
        .filter(([, , entries]) => entries.length > 0)
        .map(([section, heading, entries]) => (
          <div key={section} className="grid gap-1">
            {heading ? <p className="px-3 text-xs font-medium uppercase tracking-wide text-muted-foreground">{heading}</p> : null}
            <ul className="grid gap-1">
              {entries.map(({ href, label, icon }) => {
                const Icon = navIcon(icon);
                const active = pathname === href || pathname.startsWith(`${href}/`);
                return (
                  <li key={href}>
                    <Link
                      href={href}
                      onClick={onNavigate}
                      aria-current={active ? 'page' : undefined}
                      // The nav-link utility (app/globals.css) tints the current page's link.
                      className="nav-link"
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
