import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

const table = (page: Page) => page.getByTestId('users-table');

test('search and filters narrow the table, live in the URL, and survive reload and the back button', async ({ page, owner, hooks }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  await hooks.createMember({ email: uniqueEmail(`quill${tag}`), firstName: `Quill${tag}` });
  await hooks.createMember({ email: uniqueEmail(`quill${tag}-off`), firstName: `Quill${tag}off`, status: 'deactivated' });

  await signIn(page, owner.email, owner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  await page.getByLabel('Search users by name, email or phone').fill(`quill${tag}`);
  await expect(page).toHaveURL(new RegExp(`q=quill${tag}`));
  await expect(table(page).locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('users-range')).toHaveText('1–2 of 2');

  await page.getByLabel('Status').selectOption({ label: 'Deactivated' });
  await expect(page).toHaveURL(/status=deactivated/);
  await expect(table(page).locator('tbody tr')).toHaveCount(1);
  await expect(table(page)).toContainText(`Quill${tag}off`);
  await expect(table(page)).toContainText('Deactivated');

  await page.reload();
  await expect(page.getByLabel('Search users by name, email or phone')).toHaveValue(`quill${tag}`);
  await expect(page.getByLabel('Status')).toHaveValue('deactivated');
  await expect(table(page).locator('tbody tr')).toHaveCount(1);

  await page.goBack();
  await expect(page).not.toHaveURL(/status=deactivated/);
  await expect(table(page).locator('tbody tr')).toHaveCount(2);

  await page.getByRole('button', { name: 'Email' }).click();
  await expect(page).toHaveURL(/sort=email/);
  await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveAttribute('aria-sort', 'ascending');
});

test('toggling a signed-in user off sends their next navigation to /login with a message', async ({ browser, owner, hooks }) => {
  const email = uniqueEmail('toggled');
  const firstName = `Toggle${Math.random().toString(36).slice(2, 6)}`;
  await hooks.createMember({ email, firstName });
  const member = await (await browser.newContext()).newPage();
  await signIn(member, email, MEMBER_PASSWORD);
  await expect(member.getByRole('heading', { name: `Welcome, ${firstName}` })).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, owner.email, owner.password);
  await admin.goto(`/settings/users?q=${firstName.toLowerCase()}`);
  await admin.getByRole('switch', { name: `Deactivate ${firstName}` }).click();
  await expect(admin.getByRole('alertdialog')).toContainText(`Deactivate ${firstName}?`);
  await admin.getByRole('button', { name: 'Deactivate' }).click();
  await expect(admin.getByText(`${firstName} is deactivated and signed out.`)).toBeVisible();
  await expect(admin.getByRole('switch', { name: `Activate ${firstName}` })).not.toBeChecked();

  await member.getByRole('link', { name: 'My profile' }).click();
  await expect(member).toHaveURL(/\/login\?.*reason=deactivated/);
  await expect(new LoginPage(member).alert()).toContainText('Your access to this account has been deactivated.');

  // Reactivation restores access with the same role.
  await admin.getByRole('switch', { name: `Activate ${firstName}` }).click();
  await expect(admin.getByText(`${firstName} can sign in again.`)).toBeVisible();
  await new LoginPage(member).signIn(email, MEMBER_PASSWORD);
  await expect(member).toHaveURL(/\/profile$/);
  await expect(member.getByText(`User in ${owner.accountName}`, { exact: true })).toBeVisible();
  await member.context().close();
  await admin.context().close();
});

test('bulk deactivation changes the selected users and reports what was refused and why', async ({ page, owner, hooks }) => {
  const tag = `Bulk${Math.random().toString(36).slice(2, 6)}`;
  await hooks.createMember({ email: uniqueEmail(`${tag}a`), firstName: `${tag}a` });
  await hooks.createMember({ email: uniqueEmail(`${tag}b`), firstName: `${tag}b` });
  await signIn(page, owner.email, owner.password);
  await page.goto(`/settings/users?q=${tag.toLowerCase()}`);
  await expect(table(page).locator('tbody tr')).toHaveCount(2);

  await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toContainText('2 selected');
  await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByTestId('bulk-summary')).toContainText('Changed:');
  await expect(page.getByTestId('bulk-summary')).toContainText(`${tag}a`);
  await page.getByRole('button', { name: 'Close' }).first().click();
  await expect(table(page).getByText('Deactivated')).toHaveCount(2);

  // Yourself in the selection: refused with the reason, the others still change.
  await page.goto(`/settings/users?q=${encodeURIComponent(owner.email)}`);
  await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
  await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByTestId('bulk-summary')).toContainText('You cannot deactivate yourself');
});

test('paging: next, previous and the back button walk the pages; the cursor in the URL names no one', async ({ page, owner, hooks }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const names = Array.from({ length: 12 }, (_unused, index) => `Pager${tag}${String.fromCharCode(97 + index)}`);
  for (const firstName of names) await hooks.createMember({ email: uniqueEmail(`pager${tag}`), firstName });

  await signIn(page, owner.email, owner.password);
  await page.goto(`/settings/users?q=pager${tag}&size=10`);
  await expect(page.getByTestId('users-range')).toHaveText('1–10 of 12');
  await expect(table(page).locator('tbody tr').first()).toContainText(names[0]!);

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('users-range')).toHaveText('11–12 of 12');
  await expect(table(page).locator('tbody tr')).toHaveCount(2);
  await expect(table(page).locator('tbody tr').first()).toContainText(names[10]!);
  await expect(table(page).locator('tbody tr').last()).toContainText(names[11]!);
  const cursor = new URL(page.url()).searchParams.get('cursor');
  expect(cursor).toBeTruthy();
  const decoded = Buffer.from(cursor!, 'base64url').toString('utf8').toLowerCase();
  expect(decoded).not.toContain(tag);
  expect(decoded).not.toContain('@');

  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByTestId('users-range')).toHaveText('1–10 of 12');
  await expect(table(page).locator('tbody tr')).toHaveCount(10);

  await page.goBack();
  await expect(page.getByTestId('users-range')).toHaveText('11–12 of 12');
  await page.reload();
  await expect(page.getByTestId('users-range')).toHaveText('11–12 of 12');
  await expect(table(page).locator('tbody tr').last()).toContainText(names[11]!);
});
