'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * A date in the reader's own time zone. The server renders UTC; the browser replaces it with local time
 * (no hydration mismatch: the client's first pass uses the server snapshot).
 */
export function LocalTime({ iso, withZone = false }: { iso: string; withZone?: boolean }) {
  const local = useSyncExternalStore(
    subscribe,
    () => format(iso, undefined, withZone),
    () => format(iso, 'UTC', true),
  );
  return <time dateTime={iso}>{local}</time>;
}

// Building an Intl.DateTimeFormat costs far more than using one (a 25-row Users page spent ~6% of its server
// time building them), so each of the three kinds is built once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function format(iso: string, timeZone: string | undefined, withZone: boolean): string {
  const key = `${timeZone ?? ''}|${withZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    // dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
    formatter = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: withZone ? 'short' : undefined,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(new Date(iso));
}
