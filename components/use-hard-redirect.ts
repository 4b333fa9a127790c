'use client';

import { useEffect } from 'react';

/**
 * Navigates with a full page load once an action names a destination. Used after actions that change the
 * session (sign-in, account switch): the next page must be a fresh request through middleware.ts, not a
 * render inside the action's request, which still carries the session as it was before.
 */
export function useHardRedirect(to: string | undefined): void {
  useEffect(() => {
    if (to) window.location.assign(to);
  }, [to]);
}
