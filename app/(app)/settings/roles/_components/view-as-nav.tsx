import { EyeOff } from 'lucide-react';
import { navIcon } from '@/components/shell/nav-icons';
import { NAV_SECTIONS } from '@/lib/navigation';
import type { AccessState, ModuleState, NavPreviewItem } from '@/lib/dal/roles/explain-member-access';
import { cn } from '@/lib/utils';


const STATE_LABELS: Record<AccessState, string> = { open: 'Open', hidden: 'Hidden', denied: 'Denied', unlicensed: 'Licence needed', 'not-granted': 'Not granted' };
const STATE_STYLES: Record<AccessState, string> = {
  open: 'bg-emerald-50 text-emerald-800 border-emerald-600/30',
  hidden: 'bg-amber-50 text-amber-900 border-amber-500/40',
  denied: 'bg-destructive/10 text-destructive border-destructive/30',
  unlicensed: 'bg-sky-50 text-sky-900 border-sky-600/30',
  'not-granted': 'bg-muted text-muted-foreground border-border',
};

/**
 * A read-only "view as": the sidebar a member gets (the same entries navFor gives them), beside what is
 * missing from it and why, and the state of every module. Nothing here is a link: it is a picture.
 * `compact` leaves the reasons out (beside a widget that already gives them), keeping the states.
 */
export function ViewAsNav({ name, navigation, modules, compact }: { name: string; navigation: NavPreviewItem[]; modules: ModuleState[]; compact?: boolean }) {
  const missing = navigation.filter((item) => !item.shown);
  return (
    <div className="grid gap-6 md:grid-cols-[15rem_1fr]">
      <div className="grid content-start gap-2">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{name}’s menu</p>
        <nav aria-label={`Menu as ${name} sees it`} className="grid gap-4 rounded-lg border border-border bg-sidebar p-3" data-testid="view-as-nav">
          {NAV_SECTIONS.map(([section, label]) => {
            const entries = navigation.filter((item) => item.shown && item.section === section);
            if (entries.length === 0) return null;
            return (
              <div key={section} className="grid gap-1">
                {label ? <p className="px-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p> : null}
                <ul className="grid gap-0.5">
                  {entries.map((item) => {
                    const Icon = navIcon(item.icon);
                    return (
                      <li key={item.href} className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm" title={item.reason}>
                        <Icon className="size-4 text-muted-foreground" aria-hidden /> {item.label}
                      </li>
                    );
                  })}
                </ul>
              </div>
            );
          })}
        </nav>
      </div>
      <div className="grid content-start gap-5">
        <section className="grid gap-2">
          <h3 className="text-sm font-semibold">Not in the menu</h3>
          {missing.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing: {name} sees every entry.</p>
          ) : (
            <ul className="grid gap-1 text-sm" data-testid="view-as-missing">
              {missing.map((item) => (
                <li key={item.href} className="flex flex-wrap items-center gap-x-2">
                  <EyeOff className="size-4 text-muted-foreground" aria-hidden />
                  <span className="font-medium">{item.label}</span>
                  {compact ? <StateBadge state={item.state} /> : <span className="text-muted-foreground">— {item.reason}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="grid gap-2">
          <h3 className="text-sm font-semibold">Modules</h3>
          <ul className="grid gap-1.5 text-sm" data-testid="view-as-modules">
            {modules.map((module) => (
              <li key={module.key} className="grid grid-cols-[8rem_6.5rem_1fr] items-baseline gap-2">
                <span>{module.label}</span>
                <StateBadge state={module.state} />
                {compact ? null : <span className="text-xs text-muted-foreground">{module.reason}</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

function StateBadge({ state }: { state: AccessState }) {
  return <span className={cn('w-fit rounded-full border px-2 py-0.5 text-xs', STATE_STYLES[state])}>{STATE_LABELS[state]}</span>;
}
