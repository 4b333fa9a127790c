'use client';

import { Menu, X } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import type { NavItem } from '@/lib/navigation';
import { NavLinks } from './nav-links';

/** On small screens the sidebar folds into a menu button. */
export function MobileNav({ items, footer }: { items: NavItem[]; footer: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="lg:hidden">
      <Button variant="ghost" size="icon" aria-expanded={open} aria-controls="mobile-nav" aria-label={open ? 'Close menu' : 'Open menu'} onClick={() => setOpen((value) => !value)}>
        {open ? <X aria-hidden /> : <Menu aria-hidden />}
      </Button>
      {open ? (
        <nav id="mobile-nav" aria-label="Main" className="absolute inset-x-0 top-14 z-40 grid gap-4 border-b border-border bg-sidebar p-4 shadow-md">
          <NavLinks items={items} onNavigate={() => setOpen(false)} />
          {footer}
        </nav>
      ) : null}
    </div>
  );
}
