'use client';

import { parseAsInteger, parseAsString, parseAsStringLiteral, useQueryStates } from 'nuqs';
import { useTransition } from 'react';
import { MEMBER_SORTS, MEMBER_STATUS_FILTERS } from '@/lib/validation/members';

const parsers = {
  q: parseAsString.withDefault(''),
  role: parseAsString,
  status: parseAsStringLiteral(MEMBER_STATUS_FILTERS),
  login: parseAsStringLiteral(['local', 'sso'] as const),
  sort: parseAsStringLiteral(MEMBER_SORTS).withDefault('name'),
  dir: parseAsStringLiteral(['asc', 'desc'] as const).withDefault('asc'),
  page: parseAsInteger.withDefault(1),
  size: parseAsInteger.withDefault(25),
};

/**
 * The Users tab's state in the URL: every change is a history entry (the back button works), the server
 * renders the new page (shallow: false), and `pending` tells the table to show it is loading.
 */
export function useMemberQuery() {
  const [pending, startTransition] = useTransition();
  const [query, setQuery] = useQueryStates(parsers, { shallow: false, history: 'push', startTransition });
  return { query, setQuery, pending };
}
