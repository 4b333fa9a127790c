/** The profile's choices and limits, with no dependencies: the browser's forms import them too. */

export const DESCRIPTION_MAX = 2000;

export const NOTIFICATION_KINDS = [
  { key: 'tasks', label: 'Tasks assigned to me' },
  { key: 'watched', label: 'Changes to items I watch' },
  { key: 'comments', label: 'Comments and updates' },
  { key: 'emails', label: 'New emails' },
] as const;
export const NOTIFICATION_CHANNELS = [
  { key: 'in_app', label: 'In app' },
  { key: 'email', label: 'Email' },
  { key: 'sms', label: 'SMS' },
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]['key'];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]['key'];
export type NotificationPrefs = Record<NotificationKind, NotificationChannel[]>;

/** What a person who never chose gets: everything in the app, the important things by email too. */
export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = {
  tasks: ['in_app', 'email'],
  watched: ['in_app'],
  comments: ['in_app', 'email'],
  emails: ['in_app'],
};
