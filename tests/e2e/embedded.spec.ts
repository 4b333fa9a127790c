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
