import { expect, test } from '@playwright/test';
import { AppShell, LoginPage, OWNER, SetupPage } from './fixtures/pages';

test.describe.configure({ mode: 'serial' });

test('a fresh install sends every page to /setup, which validates its form', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Rolecall' })).toBeVisible();

  const setup = new SetupPage(page);
  await setup.submit();
  await expect(page.getByText('Name the account.')).toBeVisible();
  await expect(page.getByText('Enter an email address.')).toBeVisible();
  await expect(page.getByText('Enter a first name.')).toBeVisible();

  await setup.fill({ ...OWNER, password: 'password1234' });
  await expect(page.getByTestId('password-strength')).toContainText(/weak/i);
  await setup.submit();
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Account name')).toHaveValue(OWNER.accountName);
  await expect(page).toHaveURL(/\/setup$/);
});

test('the first person creates the account, signs out and signs in again', async ({ page }) => {
  await page.goto('/setup');
  const setup = new SetupPage(page);
  await setup.fill(OWNER);
  await expect(page.getByTestId('password-strength')).toContainText(/strong/i);
  await setup.submit();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Welcome, ${OWNER.firstName}` })).toBeVisible();
  await expect(page.getByText(`You are in ${OWNER.accountName} as Owner`)).toBeVisible();
  await expect(page.getByTestId('current-account')).toHaveText(OWNER.accountName);

  await new AppShell(page).signOut();
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);

  const login = new LoginPage(page);
  await login.signIn(OWNER.email, OWNER.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('recent-sign-ins').getByText('Signed in')).toHaveCount(2);

  // Setup is done for good: /setup now leads away.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/dashboard$/);
});
