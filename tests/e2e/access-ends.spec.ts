import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

/** `datetime-local` text for a moment some hours from now, in the browser's zone. */
const localInput = (hoursFromNow: number) => {
  const date = new Date(Date.now() + hoursFromNow * 3_600_000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

test('an admin revives a member whose temporary access ended, ends it now, then makes it permanent; status and toggle agree', async ({ page, browser, owner, hooks }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const email = uniqueEmail(`temp${tag}`);
  await hooks.createMember({ email, firstName: `Temp${tag}`, accessExpiresAt: new Date(Date.now() - 3_600_000).toISOString() });

  await signIn(page, owner.email, owner.password);
  await page.goto(`/settings/users?q=temp${tag}`);
  const row = page.getByTestId('users-table').locator('tbody tr', { hasText: `Temp${tag}` });
  // Ended access is never shown as active: the badge says so and the toggle is off.
  await expect(row).toContainText('Access ended');
  await expect(row).toContainText('Ended');
  const toggle = row.getByRole('switch', { name: `Extend access for Temp${tag}` });
  await expect(toggle).not.toBeChecked();

  // Switching them on asks for a new end, then revives access without a new invitation.
  await toggle.click();
  const dialog = page.getByRole('dialog', { name: `Extend Temp${tag}’s access` });
  await expect(dialog.getByTestId('current-time')).toBeVisible();
  await dialog.getByLabel('Access ends at').fill(localInput(-2));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('must lie in the future');
  await dialog.getByLabel('Access ends at').fill(localInput(72));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Access expires');
  await expect(row.getByRole('switch', { name: `Deactivate Temp${tag}` })).toBeChecked();

  // The member can sign in again.
  const member = await (await browser.newContext()).newPage();
  await signIn(member, email, MEMBER_PASSWORD);

  // On the user page: End now (asks first) signs them out on their next request.
  await row.getByRole('link', { name: `Temp${tag}` }).click();
  const card = page.getByTestId('access-ends-state');
  await expect(card).toContainText('Access ends on');
  await page.getByRole('button', { name: 'End now' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'End now' }).click();
  await expect(card).toContainText('Access ended on');
  await expect(page.getByText('Access has ended: extend it to let them sign in')).toBeVisible();
  await member.reload();
  await expect(member).toHaveURL(/\/login/);

  // Make permanent: no end date, and they can sign in again.
  await page.getByRole('button', { name: 'Make permanent' }).click();
  await expect(card).toHaveText('No end date: their access is permanent.');
  await signIn(member, email, MEMBER_PASSWORD);
  await member.context().close();

  // The change was mailed to them each time (kept locally without a mail provider).
  await page.goto('/dev/mail');
  const kept = page.getByTestId('kept-mail');
  await expect(kept.locator('li', { hasText: 'no longer ends' }).filter({ hasText: email })).toHaveCount(1);
  await expect(kept.locator('li', { hasText: 'has ended' }).filter({ hasText: email })).toHaveCount(1);
});

test('bulk “Extend access to…” extends the temporary members selected and reports the permanent ones', async ({ page, owner, hooks }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  await hooks.createMember({ email: uniqueEmail(`bulk${tag}a`), firstName: `Bulk${tag}a`, accessExpiresAt: new Date(Date.now() - 3_600_000).toISOString() });
  await hooks.createMember({ email: uniqueEmail(`bulk${tag}b`), firstName: `Bulk${tag}b` });

  await signIn(page, owner.email, owner.password);
  await page.goto(`/settings/users?q=bulk${tag}`);
  await page.getByLabel('Select all users on this page').check();
  await page.getByRole('button', { name: 'Extend access to…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Extend access for 2 users' });
  await dialog.getByLabel('Access ends at').fill(localInput(24));
  await dialog.getByRole('button', { name: 'Save' }).click();
  const summary = page.getByTestId('bulk-summary');
  await expect(summary).toContainText(`Changed: Bulk${tag}a`);
  await expect(summary).toContainText(`Bulk${tag}b: Their access does not end: nothing to extend.`);
});
