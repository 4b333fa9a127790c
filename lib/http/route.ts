import 'server-only';
import type { z } from 'zod';
import { memberContextOf, runAction, type MemberContext } from '@/lib/actions/result';
import type { ActionResult } from '@/lib/actions/types';
import { DalError, HTTP_STATUS } from '@/lib/dal/core/errors';

/** The HTTP status of an action result: 200, an expected failure's own status, or 500 for a bug. */
export function statusOf(result: ActionResult<unknown>): number {
  if (result.ok) return 200;
  return result.code === 'internal' ? 500 : HTTP_STATUS[result.code];
}

/** A result as a JSON response: the same `{ ok, data }` / `{ ok: false, code, message }` body every action answers. */
export function resultResponse(result: ActionResult<unknown>): Response {
  return Response.json(result, { status: statusOf(result), headers: { 'cache-control': 'no-store' } });
}

/** An expected refusal (DalError) as its JSON response; anything else is rethrown. */
export function dalErrorResponse(error: unknown): Response {
  if (error instanceof DalError) return resultResponse({ ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors });
  throw error;
}

/** A query string as an object: a key given more than once becomes a list (`?roleId=a&roleId=b`). */
function queryOf(url: URL, lists: readonly string[]): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = lists.includes(key) ? url.searchParams.getAll(key) : url.searchParams.get(key)!;
  for (const key of lists) query[key] ??= [];
  return query;
}

/**
 * A read for a signed-in member, served by a GET route handler (reads are not server actions): the query
 * string parsed with zod, the body run as the member, the answer the same result an action gives.
 * `lists` names the keys that are lists.
 */
export function memberRead<S extends z.ZodType, T>(schema: S, body: (data: z.infer<S>, context: MemberContext) => Promise<T>, options: { lists?: readonly string[] } = {}) {
  return async (request: Request): Promise<Response> => {
    const input = queryOf(new URL(request.url), options.lists ?? []);
    return resultResponse(await runAction(schema, input, async (data) => body(data, await memberContextOf())));
  };
}
