import type { APIResponse, Response } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, uniqueEmail } from './fixtures/pages';

// What every response carries, whatever produced it (middleware.ts, a page, a route handler, Next's 404).
function expectSecurityHeaders(headers: Record<string, string>, { csp = true } = {}) {
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toContain('camera=()');
  if (csp) {
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // The production build: no eval.
    expect(headers['content-security-policy']).not.toContain('unsafe-eval');
  }
}
const headersOf = (response: APIResponse | Response) => response.headers();

/** A server action as the browser posts it; the id is made up, which is fine for what the middleware refuses. */
const actionPost = (headers: Record<string, string>, data: string | Buffer = '[]') => ({
  headers: { 'next-action': '7f0000000000000000000000000000000000000000', 'content-type': 'text/plain;charset=UTF-8', ...headers },
  data,
  maxRedirects: 0,
});

test('pages, server actions, route handlers, 403 and 404 answers all carry the security headers, the nonce fresh each time', async ({ page, request, baseURL, hooks }) => {
  const login = await request.get('/login');
  expectSecurityHeaders(headersOf(login));
  const again = await request.get('/login');
  expect(headersOf(again)['content-security-policy']).not.toBe(headersOf(login)['content-security-policy']);
  // Next put this response's nonce on its own scripts.
  const nonce = /'nonce-([^']+)'/.exec(headersOf(login)['content-security-policy']!)![1]!;
  const html = await login.text();
  expect(html).toContain(`nonce="${nonce}"`);

  expectSecurityHeaders(headersOf(await request.get('/api/health')));
  expectSecurityHeaders(headersOf(await request.post('/login', actionPost({}))));
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
  const staticFile = await request.get(script);
  expect(staticFile.status()).toBe(200);
  expectSecurityHeaders(headersOf(staticFile), { csp: false });

  // Signed in as a member without users.manage: a real action's answer, a 403 page and a 404 page.
  const email = uniqueEmail('headers');
  await hooks.createMember({ email, role: 'user' });
  await page.goto('/login');
  const actionAnswer = page.waitForResponse((response) => response.request().method() === 'POST' && Boolean(response.request().headers()['next-action']));
  await new LoginPage(page).signIn(email, 'velvet quarry sunrise anchor');
  expectSecurityHeaders(headersOf(await actionAnswer));
  await expect(page).toHaveURL(/\/dashboard$/);

  const forbidden = await page.goto('/settings/users');
  expect(forbidden!.status()).toBe(403);
  expectSecurityHeaders(headersOf(forbidden!));
  const missing = await page.goto('/no/such/page');
  expect(missing!.status()).toBe(404);
  expectSecurityHeaders(headersOf(missing!));
  // The 404 page's scripts run under the policy: it hydrates (its link navigates without a full load).
  await page.getByRole('link', { name: 'Go to the dashboard' }).click();
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
});

test('a state-changing request from another site, or from nowhere, is refused with 403 before anything runs', async ({ request, baseURL }) => {
  const noOrigin = await request.post('/login', actionPost({}));
  expect(noOrigin.status()).toBe(403);
  expect(await noOrigin.json()).toMatchObject({ error: 'forbidden' });
  expect((await request.post('/login', actionPost({ origin: 'https://evil.example' }))).status()).toBe(403);
  expect((await request.post('/login', actionPost({ origin: 'null' }))).status()).toBe(403);
  expect((await request.post('/login', actionPost({ 'sec-fetch-site': 'cross-site' }))).status()).toBe(403);
  // Route handlers too: a cross-site upload, next-auth's own endpoints.
  expect((await request.post('/api/profile/avatar', { headers: { origin: 'https://evil.example' }, multipart: { file: 'x' } })).status()).toBe(403);
  expect((await request.post('/api/auth/signout', { headers: { origin: 'https://evil.example' }, form: { csrfToken: 'x' } })).status()).toBe(403);
  // From this site it gets through the gate (a made-up action id is then Next's 404, not a 500).
  expect((await request.post('/login', actionPost({ origin: baseURL! }))).status()).toBeLessThan(500);
  expect((await request.post('/login', actionPost({ 'sec-fetch-site': 'same-origin' }))).status()).toBeLessThan(500);
});

test('an action body that is not JSON is a 400, one over 1 MB a 413, never a 500', async ({ request, baseURL }) => {
  const origin = { origin: baseURL! };
  const notJson = await request.post('/login', actionPost(origin, 'this is {not json'));
  expect(notJson.status()).toBe(400);
  expect(await notJson.json()).toMatchObject({ error: 'invalid' });
  expect((await request.post('/login', actionPost(origin, Buffer.from([0x5b, 0xff, 0xfe, 0x5d])))).status()).toBe(400);
  expect((await request.post('/login', actionPost({ ...origin, 'content-type': 'multipart/form-data; boundary=zzz' }, 'garbage'))).status()).toBe(400);
  const tooLarge = await request.post('/login', actionPost(origin, JSON.stringify(['x'.repeat(1024 * 1024 + 10)])));
  expect(tooLarge.status()).toBe(413);
  expect(await tooLarge.json()).toMatchObject({ error: 'too_large' });
  expect((await request.post('/dashboard', actionPost(origin, 'x'.repeat(2 * 1024 * 1024)))).status()).toBe(413);
});

test('dot segments in ?next= cannot send a fresh sign-in to another site', async ({ page, baseURL, owner }) => {
  for (const next of ['/.//evil.example', '/..//evil.example', '/%2e//evil.example/steal']) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await new LoginPage(page).signIn(owner.email, owner.password);
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
  }
});
