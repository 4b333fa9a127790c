import { expect, test } from '@playwright/test';
import { AppShell, LoginPage, MEMBER_PASSWORD, TestHooks, uniqueEmail } from './fixtures/pages';

test('a person in two accounts picks one after sign-in and can switch from the sidebar', async ({ page, request }) => {
  const email = uniqueEmail('consultant');
  const hooks = new TestHooks(request);
  await hooks.createMember({ email, firstName: 'Cora', role: 'admin' });
  await hooks.createMember({ email, firstName: 'Cora', accountName: 'Globex Partners', role: 'user' });

  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, MEMBER_PASSWORD);
  await expect(page).toHaveURL(/\/select-account/);
  await expect(page.getByRole('heading', { name: 'Choose an account' })).toBeVisible();
  await page.getByRole('button', { name: /Globex Partners/ }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText('You are in Globex Partners as User')).toBeVisible();

  await new AppShell(page).switchAccount('Acme Testing');
  await expect(page.getByText('You are in Acme Testing as Admin')).toBeVisible();
});
