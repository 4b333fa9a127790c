'use client';

import { parseAsInteger, parseAsString, parseAsStringLiteral, useQueryStates } from 'nuqs';
import { useCallback, useTransition } from 'react';
import { MEMBER_SORTS, MEMBER_STATUS_FILTERS } from '@/lib/validation/members';

const parsers = {
  q: parseAsString.withDefault(''),
  role: parseAsString,
  status: parseAsStringLiteral(MEMBER_STATUS_FILTERS),
  login: parseAsStringLiteral(['local', 'sso'] as const),
  department: parseAsString,
  team: parseAsString,
  group: parseAsString,
  licence: parseAsString,
  sort: parseAsStringLiteral(MEMBER_SORTS).withDefault('name'),
  dir: parseAsStringLiteral(['asc', 'desc'] as const).withDefault('asc'),
  size: parseAsInteger.withDefault(25),
  // The page, as an opaque keyset cursor (absent: the first page).
  cursor: parseAsString,
  // Numbered pages are gone; `page: 1` still reads as "back to the first page", and any page= leaves the URL.
  page: parseAsInteger,
};

type SetQuery = ReturnType<typeof useQueryStates<typeof parsers>>[1];

/**
 * The Users tab's state in the URL: every change is a history entry (the back button works), the server
 * renders the new page (shallow: false), and `pending` tells the table to show it is loading. A change
 * that does not name a cursor (a search, a filter, a sort, a page size) starts again at the first page.
 */
export function useMemberQuery() {
  const [pending, startTransition] = useTransition();
  const [query, setRaw] = useQueryStates(parsers, { shallow: false, history: 'push', startTransition });
  const setQuery = useCallback<SetQuery>(
    (values, options) =>
      setRaw((old) => {
        const next = typeof values === 'function' ? values(old) : values;
        return { ...next, page: null, cursor: next && 'cursor' in next ? (next.cursor ?? null) : null };
      }, options),
    [setRaw],
  );
  return { query, setQuery, pending };
}
