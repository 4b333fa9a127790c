'use client';

import { useEffect, useState } from 'react';

/** "Your current system time", live, with its time zone. */
export function LiveClock() {
  const [time, setTime] = useState<Date | null>(null);
  useEffect(() => {
    const tick = () => setTime(new Date());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  if (!time) return null;
  return (
    <span data-testid="current-time">
      {/* dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out. */}
      {new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'long' }).format(time)}
    </span>
  );
}
