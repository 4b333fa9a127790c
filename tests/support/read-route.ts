/**
 * Calls a GET route handler of the app as the browser would (`fetchResult`), and answers its JSON body:
 * the same `{ ok, data }` / `{ ok: false, code, message }` result a server action gives.
 */
export async function readRoute(handler: (request: Request) => Promise<Response>, path: string, query: Record<string, string | readonly string[]> = {}): Promise<unknown> {
  const url = new URL(path, 'http://localhost');
  for (const [key, value] of Object.entries(query)) for (const item of typeof value === 'string' ? [value] : value) url.searchParams.append(key, item);
  const response = await handler(new Request(url));
  return response.json();
}
