import { CircleCheck, CircleX } from 'lucide-react';
import { LocalTime } from '@/components/local-time';
import type { SignInEvent } from '@/lib/dal/sessions/list-my-sign-ins';
import type { MyActivityEntry } from '@/lib/dal/profile/my-security';
import { describeDevice } from '@/lib/http/device';
import { failureSuffix } from '@/components/auth/sign-in-failure';

const ACTION_LABELS: Record<string, string> = {
  'auth.sign_out': 'Signed out',
  'auth.sign_out_everywhere': 'Signed out everywhere',
  'auth.password_changed': 'Changed the password',
  'auth.password_change_failed': 'Tried to change the password with a wrong current password',
  'auth.session_revoked': 'Signed out another session',
  'auth.other_sessions_revoked': 'Signed out all other sessions',
  'session.account_switched': 'Switched account',
  'profile.updated': 'Updated the profile',
  'profile.contact_email_changed': 'Changed the contact email',
  'profile.contact_email_link_sent': 'Asked for a contact email verification link',
  'profile.contact_email_verified': 'Confirmed the contact email',
  'profile.phone_changed': 'Changed the phone number',
  'profile.phone_code_sent': 'Asked for a phone verification code',
  'profile.phone_code_not_sent': 'A phone verification code could not be sent',
  'profile.phone_code_wrong': 'Entered a wrong phone verification code',
  'profile.phone_verified': 'Verified the phone number',
  'profile.notifications_changed': 'Changed notification choices',
  'profile.avatar_changed': 'Changed the profile picture',
  'profile.avatar_removed': 'Removed the profile picture',
  'user.activated': 'Activated the login',
  'invitation.accepted': 'Accepted an invitation',
  'member.added': 'Added a member',
  'member.roles_changed': 'Changed roles',
  'member.overrides_changed': 'Changed permissions',
  'member.password_set': 'Set a password',
  'member.session_revoked': 'Ended a session',
  'member.status_changed': 'Changed a member’s status',
  'member.deleted': 'Deleted a member',
  'role.created': 'Created a role',
  'role.updated': 'Changed a role',
  'role.grant_changed': 'Changed a permission of a role',
  'role.deleted': 'Deleted a role',
  'licence.created': 'Created a licence',
  'licence.updated': 'Changed a licence',
  'licence.deleted': 'Deleted a licence',
  'licence.granted': 'Gave a licence',
  'licence.revoked': 'Took back a licence',
};

export function describeAction(entry: Pick<MyActivityEntry, 'action' | 'actorName' | 'byOther' | 'targetLabel'>, selfName: string): string {
  const label = ACTION_LABELS[entry.action] ?? entry.action.replace(/[._]/g, ' ');
  const about = entry.targetLabel && entry.targetLabel !== selfName && !entry.action.startsWith('profile.') && !entry.action.startsWith('auth.') ? ` (${entry.targetLabel})` : '';
  return entry.byOther ? `${entry.actorName ?? 'Someone'}: ${label.charAt(0).toLowerCase()}${label.slice(1)}${about}` : `${label}${about}`;
}

export function RecentSignIns({ events }: { events: SignInEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-muted-foreground">No sign-ins recorded yet.</p>;
  return (
    <ul className="grid grid-cols-1 gap-2 text-sm" data-testid="my-sign-ins">
      {events.map((event, index) => (
        <li key={`${event.at.toISOString()}-${index}`} className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {event.succeeded ? (
            <span className="inline-flex items-center gap-1 text-emerald-700">
              <CircleCheck className="size-4" aria-hidden /> Signed in
            </span>
          ) : (
            <span className="inline-flex items-center gap-1 text-destructive">
              <CircleX className="size-4" aria-hidden /> Failed{failureSuffix(event.reason)}
            </span>
          )}
          <span className="min-w-0 text-muted-foreground [overflow-wrap:anywhere]">
            <LocalTime iso={event.at.toISOString()} /> · {describeDevice(event.userAgent)} · <span className="font-mono text-xs">{event.ip ?? '—'}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function RecentChanges({ entries, selfName }: { entries: MyActivityEntry[]; selfName: string }) {
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">Nothing yet.</p>;
  return (
    <ul className="grid grid-cols-1 gap-2 text-sm" data-testid="my-activity">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
          <span className="min-w-0 [overflow-wrap:anywhere]">{describeAction(entry, selfName)}</span>
          <span className="min-w-0 text-muted-foreground [overflow-wrap:anywhere]">
            <LocalTime iso={entry.at} />
            {entry.ip && !entry.byOther ? <span className="font-mono text-xs"> · {entry.ip}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
