import { expect, test, type Page } from '@playwright/test';
import { accountOfThisFile } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

test.describe.configure({ mode: 'serial' });
// The second test signs in a Salesperson holding the role the first one creates.
const account = accountOfThisFile();

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

test('an Owner creates Salesperson based on User with Insight and a custom privilege', async ({ page }) => {
  await signIn(page, account.owner.email, account.owner.password);
  await page.getByRole('link', { name: 'Roles' }).click();
  await expect(page.getByRole('heading', { name: 'Roles' })).toBeVisible();
  await page.getByRole('link', { name: 'New role' }).click();

  await page.getByLabel('Name').fill('Salesperson');
  await page.getByLabel('Based on').selectOption({ label: 'User' });
  await expect(page.getByTestId('chain-preview')).toContainText('Salesperson ← User');
  // Inherited from User: shown granted and locked.
  await expect(page.getByLabel('Open CRM')).toBeChecked();
  await expect(page.getByLabel('Open CRM')).toBeDisabled();
  await page.getByLabel('Open Insight').check();
  await page.getByLabel('Privileges').fill('report.export, users.manage');
  await expect(page.getByText('users.manage is also the name of a system permission')).toBeVisible();
  await page.getByRole('button', { name: 'Create role' }).click();

  await expect(page.getByRole('heading', { name: 'Salesperson' })).toBeVisible();
  await expect(page.getByTestId('role-chain')).toContainText('Salesperson ← User');
  await expect(page.getByLabel('Open Insight')).toBeChecked();

  // The roles list counts what it really adds: the shadowed users.manage privilege is not among them.
  await page.goto('/settings/roles');
  const row = page.locator('tr', { has: page.getByRole('link', { name: 'Salesperson', exact: true }) });
  await expect(row).toContainText('report.export');
  await expect(row).not.toContainText('users.manage');
});

test('a Salesperson sees Insight in the menu and opens it; other modules’ URLs get a 403 naming the permission; removing Insight from the role refuses their next navigation', async ({ browser, request }) => {
  const email = uniqueEmail('sales');
  await account.hooks(request).createMember({ email, firstName: 'Sam', roleName: 'Salesperson' });
  const member = await (await browser.newContext()).newPage();
  await signIn(member, email, MEMBER_PASSWORD);

  const nav = member.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Insight' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Roles' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Insight' }).click();
  await expect(member.getByRole('heading', { name: 'Insight', level: 1 })).toBeVisible();
  await expect(member.getByTestId('module-permissions')).toContainText('Open Insight');

  const refused = await member.goto('/settings/roles');
  expect(refused?.status()).toBe(403);
  await expect(member.getByTestId('forbidden')).toContainText('roles.manage');
  await expect(member.getByTestId('forbidden')).toContainText('which your role does not include');
  await expect(member).toHaveURL(/\/settings\/roles$/);

  // The Owner removes Insight from Salesperson.
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, account.owner.email, account.owner.password);
  await owner.goto('/settings/roles');
  await owner.getByRole('link', { name: 'Salesperson', exact: true }).click();
  await owner.getByLabel('Open Insight').uncheck();
  await owner.getByRole('button', { name: 'Save changes' }).click();
  await expect(owner.getByText('Saved “Salesperson”.')).toBeVisible();

  // The member's very next navigation to Insight is refused, without signing in again.
  await member.goto('/dashboard');
  const next = await member.goto('/insight');
  expect(next?.status()).toBe(403);
  await expect(member.getByTestId('forbidden')).toContainText('insight.view');
  await expect(member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insight' })).toHaveCount(0);
  // Its API answers 403 JSON naming the permission.
  const api = await member.request.get('/api/insight/summary');
  expect(api.status()).toBe(403);
  expect(await api.json()).toEqual({ error: 'forbidden', permission: 'insight.view' });
  await member.context().close();
  await owner.context().close();
});
