'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False on the server and during hydration, true once this component is hydrated: from then on its
 * controls answer. A page streams in parts (Suspense), so each interactive part says so for itself
 * (`data-hydrated`), and the browser tests wait for it before typing.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
