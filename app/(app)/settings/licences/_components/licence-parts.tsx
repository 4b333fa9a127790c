import { LocalTime } from '@/components/local-time';
import { MODULES, PERMISSIONS } from '@/lib/access/catalogue';
import { LICENCE_ENDING_DAYS, type LicenceNotice, type LicencePoolSummary } from '@/lib/types/licences';
import { licensable, licensableModule } from '@/lib/validation/licences';
import { cn } from '@/lib/utils';
import type { UnlockChoices } from './licence-dialog';

/** What the licence dialog offers: the modules and permissions a licence may unlock. */
export function unlockChoices(): UnlockChoices {
  return {
    modules: MODULES.filter((module) => licensableModule(module.key)).map((module) => ({ key: module.key, label: module.label })),
    permissions: PERMISSIONS.filter((permission) => licensable(permission.name)).map((permission) => ({ name: permission.name, label: permission.label, module: permission.module ?? null })),
  };
}

/** What a pool unlocks, in words: modules by name, then the other permissions by label. */
export function unlocksText(pool: Pick<LicencePoolSummary, 'modules' | 'permissions'>): string {
  const modules = MODULES.filter((module) => pool.modules.includes(module.key)).map((module) => module.label);
  const permissions = PERMISSIONS.filter((permission) => pool.permissions.includes(permission.name) && !(permission.module && pool.modules.includes(permission.module))).map((permission) => permission.label);
  return [...modules, ...permissions].join(', ') || 'Nothing';
}

/** Seats used of the seats there are, as a bar and in figures. */
export function UsageBar({ used, seats, className }: { used: number; seats: number; className?: string }) {
  const share = seats > 0 ? Math.min(1, used / seats) : 1;
  return (
    <div className={cn('grid min-w-0 gap-1', className)}>
      <div
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={seats}
        aria-valuenow={used}
        aria-label={`${used.toLocaleString('en')} of ${seats.toLocaleString('en')} seats used`}
      >
        <div className={cn('h-full rounded-full', share >= 1 ? 'bg-amber-500' : 'bg-primary')} style={{ width: `${share * 100}%` }} />
      </div>
      <p className="text-xs text-muted-foreground tabular-nums">
        {used.toLocaleString('en')} of {seats.toLocaleString('en')} seats used · {(seats - used).toLocaleString('en')} left
      </p>
    </div>
  );
}

const NOTICE_TEXT: Record<LicenceNotice, string> = {
  ended: 'Ended',
  ending: `Ends within ${LICENCE_ENDING_DAYS} days`,
  full: 'No seats left',
};

/** The pool's flags: ended, ending soon, no seats left. */
export function LicenceNotices({ notices }: { notices: LicenceNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1.5">
      {notices.map((notice) => (
        <span
          key={notice}
          data-notice={notice}
          className={cn(
            'inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium',
            notice === 'ended' ? 'border-destructive/30 bg-destructive/10 text-destructive' : 'border-amber-500/40 bg-amber-50 text-amber-900',
          )}
        >
          {NOTICE_TEXT[notice]}
        </span>
      ))}
    </span>
  );
}

/** "Ends 7 Jan 2027, 10:00" / "Ended …" / "No end". */
export function LicenceEnd({ endsAt, ended }: { endsAt: string | null; ended: boolean }) {
  if (!endsAt) return <span>No end</span>;
  return (
    <span>
      {ended ? 'Ended' : 'Ends'} <LocalTime iso={endsAt} />
    </span>
  );
}
