'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationPrefs } from '@/lib/validation/profile-options';
import { setNotificationPrefsAction } from '../actions';
import { useSection } from './use-section';

export function NotificationsForm({ initial, phoneVerified, notificationEmail }: { initial: NotificationPrefs; phoneVerified: boolean; notificationEmail: string }) {
  const [prefs, setPrefs] = useState(initial);
  const { pending, errors, run } = useSection();
  const toggle = (kind: keyof NotificationPrefs, channel: NotificationChannel, on: boolean) =>
    setPrefs((current) => ({ ...current, [kind]: on ? [...current[kind], channel] : current[kind].filter((chosen) => chosen !== channel) }));
  const changed = JSON.stringify(prefs) !== JSON.stringify(initial);
  return (
    <form
      className="grid gap-4"
      noValidate
      aria-label="Notifications"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => setNotificationPrefsAction({ prefs }), 'Your notification choices are saved.');
      }}
    >
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-describedby="notifications-hint">
          <thead className="text-xs uppercase text-muted-foreground">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Notify me about</th>
              {NOTIFICATION_CHANNELS.map((channel) => (
                <th key={channel.key} scope="col" className="px-3 py-2 text-center font-medium">
                  {channel.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {NOTIFICATION_KINDS.map((kind) => (
              <tr key={kind.key}>
                <th scope="row" className="py-2 pr-4 font-normal">
                  {kind.label}
                </th>
                {NOTIFICATION_CHANNELS.map((channel) => {
                  const smsLocked = channel.key === 'sms' && !phoneVerified;
                  return (
                    <td key={channel.key} className="px-3 py-2 text-center">
                      <input
                        type="checkbox"
                        className="size-4 accent-primary disabled:cursor-not-allowed"
                        aria-label={`${kind.label}: ${channel.label}`}
                        checked={prefs[kind.key].includes(channel.key)}
                        disabled={smsLocked || pending}
                        title={smsLocked ? 'Verify your phone number to get text messages.' : undefined}
                        onChange={(event) => toggle(kind.key, channel.key, event.target.checked)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div id="notifications-hint" className="grid gap-1 text-xs text-muted-foreground">
        <p>Email goes to {notificationEmail}.</p>
        {phoneVerified ? null : <p data-testid="sms-locked">SMS is off until you verify your phone number (Contact, above).</p>}
      </div>
      {errors.prefs ? <p className="text-sm text-destructive">{errors.prefs}</p> : null}
      <Button type="submit" className="w-fit" disabled={pending || !changed}>
        Save notifications
      </Button>
    </form>
  );
}
