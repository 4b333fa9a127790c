import { searchParamsOf, type ReadQuery } from '@/lib/http/fetch-result';

/**
 * Calls a GET route handler of the app as the browser would (`fetchResult`), and answers its JSON body:
 * the same `{ ok, data }` / `{ ok: false, code, message }` result a server action gives.
 */
export async function readRoute(handler: (request: Request) => Promise<Response>, path: string, query: ReadQuery = {}): Promise<unknown> {
  const url = new URL(path, 'http://localhost');
  url.search = searchParamsOf(query).toString();
  const response = await handler(new Request(url));
  return response.json();
}
