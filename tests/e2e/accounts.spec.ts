import { expect, test } from './fixtures/account';
import { AppShell, LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

test('a person in two accounts picks one after sign-in and can switch from the sidebar', async ({ page, owner, hooks }) => {
  const email = uniqueEmail('consultant');
  // The second account is this test's own too (the hooks create the account they are named).
  const globex = `Globex Partners ${Math.random().toString(36).slice(2, 7)}`;
  await hooks.createMember({ email, firstName: 'Cora', role: 'admin' });
  await hooks.createMember({ email, firstName: 'Cora', accountName: globex, role: 'user' });

  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, MEMBER_PASSWORD);
  await expect(page).toHaveURL(/\/select-account/);
  await expect(page.getByRole('heading', { name: 'Choose an account' })).toBeVisible();
  await page.getByRole('button', { name: globex }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`You are in ${globex} as User`)).toBeVisible();

  await new AppShell(page).switchAccount(owner.accountName);
  await expect(page.getByText(`You are in ${owner.accountName} as Admin`)).toBeVisible();
});
