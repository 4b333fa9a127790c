import { expect, test } from '@playwright/test';
import { AppShell, LoginPage, OWNER, SetupPage } from './fixtures/pages';

// This server runs with no DATABASE_URL on a fresh data folder: the README's first command, in short.
test('the embedded default serves a fresh data folder: setup, then the sign-in page', async ({ page, request }) => {
  const health = await (await request.get('/api/health')).json();
  expect(health).toMatchObject({ status: 'ok', engine: 'pglite' });

  await page.goto('/login');
  await expect(page).toHaveURL(/\/setup$/);
  const setup = new SetupPage(page);
  await setup.fill({ ...OWNER, accountName: 'Embedded Co' });
  await setup.submit();
  await expect(page.getByText('You are in Embedded Co as Owner')).toBeVisible();

  await new AppShell(page).signOut();
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await new LoginPage(page).signIn(OWNER.email, OWNER.password);
  await expect(page).toHaveURL(/\/dashboard$/);
});

// This server runs with the default TRUST_PROXY (no proxy): forwarded headers are the sender's invention.
test('without a trusted proxy, X-Forwarded-Host cannot vouch for a foreign Origin', async ({ request }) => {
  const post = await request.post('/login', {
    headers: { 'next-action': '7f0000000000000000000000000000000000000000', 'content-type': 'text/plain;charset=UTF-8', origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' },
    data: '[]',
  });
  expect(post.status()).toBe(403);
});

test('without a trusted proxy, a made-up X-Forwarded-For does not dodge the per-address sign-in limit', async ({ browser }) => {
  // Six sign-ins, each in a fresh browser context and each hashing a password: more than the default 30 s when the machine is busy.
  test.setTimeout(90_000);
  // Five failures for five made-up emails, each "from" another made-up address: all from this one socket.
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${attempt}` } });
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(`nobody.${attempt}@acme.test`, 'not the password at all');
    await login.expectRefusal('The email or password is incorrect.');
    await context.close();
  }
  // The Owner's own right password, from yet another made-up address: the socket's address is locked.
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.99' } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(OWNER.email, OWNER.password);
  await login.expectRefusal(/Too many failed attempts/);
  await context.close();
});
