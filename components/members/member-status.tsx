import { LocalTime } from '@/components/local-time';
import { cn } from '@/lib/utils';

interface StatusInput {
  status: 'active' | 'deactivated' | 'pending';
  accessExpiresAt: string | null;
}

/**
 * Active, deactivated, pending approval, or temporary access that expires (or expired) on a date. `now`
 * comes from the server's clock (lib/clock.ts), so an expired invitation shows as expired without a job.
 */
export function MemberStatusBadge({ member, now, showDate = true }: { member: StatusInput; now: number; showDate?: boolean }) {
  const expires = member.accessExpiresAt ? new Date(member.accessExpiresAt).getTime() : null;
  const [label, tone] =
    member.status === 'deactivated'
      ? ['Deactivated', 'bg-muted text-muted-foreground']
      : member.status === 'pending'
        ? ['Pending approval', 'bg-amber-100 text-amber-900']
        : expires !== null && expires <= now
          ? ['Access ended', 'bg-red-100 text-red-900']
          : expires !== null
            ? ['Access expires', 'bg-sky-100 text-sky-900']
            : ['Active', 'bg-emerald-100 text-emerald-900'];
  const badge = <span className={cn('status-badge', tone)}>{label}</span>;
  if (!showDate || !member.accessExpiresAt || member.status !== 'active') return badge;
  return (
    <span className="inline-flex flex-col gap-0.5">
      {badge}
      <span className="text-xs text-muted-foreground">
        <LocalTime iso={member.accessExpiresAt} />
      </span>
    </span>
  );
}
