import type { ActionResult } from '@/lib/actions/types';

/** A read route's query: a list value is sent as the key repeated (`?roleIds=a&roleIds=b`), as `memberRead` reads it. */
export type ReadQuery = Record<string, string | readonly string[]>;

export function searchParamsOf(query: ReadQuery): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const item of typeof value === 'string' ? [value] : value) search.append(key, item);
  return search;
}

/**
 * GETs one of the app's read routes from the browser and answers its result; a network failure or a
 * response that is not one of ours becomes a failure with a message, never an exception.
 */
export async function fetchResult<T>(path: string, query: ReadQuery = {}): Promise<ActionResult<T>> {
  const search = searchParamsOf(query);
  const url = search.size ? `${path}?${search}` : path;
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
    const body = (await response.json().catch(() => null)) as ActionResult<T> | null;
    if (body && typeof body === 'object' && 'ok' in body) return body;
    return { ok: false, code: response.status === 403 ? 'forbidden' : 'unavailable', message: response.status === 403 ? 'You no longer have access to this.' : 'The server did not answer as expected. Try again.' };
  } catch {
    return { ok: false, code: 'unavailable', message: 'The server did not answer. Check your connection and try again.' };
  }
}
