import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail, type AccountOwner, type TestHooks } from './fixtures/pages';

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

/** A new member of the owner's account, and the owner on that member's page. */
async function openMemberPage(page: Page, owner: AccountOwner, hooks: TestHooks) {
  const email = uniqueEmail('detail');
  const firstName = `Deta${Math.random().toString(36).slice(2, 6)}`;
  await hooks.createMember({ email, firstName });
  await signIn(page, owner.email, owner.password);
  await page.goto(`/settings/users?q=${firstName.toLowerCase()}`);
  await page.getByRole('link', { name: firstName }).click();
  await expect(page.getByRole('heading', { name: firstName, level: 1 })).toBeVisible();
  return { email, firstName };
}

/** The member signed in, in a browser of their own. */
async function memberBrowser(browser: Browser, email: string, password: string) {
  const member = await (await browser.newContext()).newPage();
  await signIn(member, email, password);
  return member;
}

test('Member of adds roles and removes them, but never the last one; the header follows', async ({ page, owner, hooks }) => {
  const { firstName } = await openMemberPage(page, owner, hooks);
  const memberOf = page.getByTestId('member-of');
  await expect(memberOf.getByRole('button', { name: 'Remove User' })).toBeDisabled();
  await page.getByRole('button', { name: 'Add role' }).click();
  const picker = page.getByRole('dialog', { name: `Add roles to ${firstName}` });
  await expect(picker.getByLabel('Owner', { exact: true })).toBeEnabled(); // the Owner holds everything, so may hand out Owner
  await picker.getByLabel('Admin', { exact: true }).check();
  await picker.getByLabel('Guest', { exact: true }).check();
  await picker.getByRole('button', { name: 'Add roles' }).click();
  await expect(page.getByText(`Admin, Guest added to ${firstName}.`)).toBeVisible();
  await expect(memberOf.getByRole('listitem')).toHaveText(['Admin', 'Guest', 'User']);
  await memberOf.getByRole('button', { name: 'Remove Guest' }).click();
  await expect(page.getByText(`Guest removed from ${firstName}.`)).toBeVisible();
  await memberOf.getByRole('button', { name: 'Remove User' }).click();
  await expect(page.getByText(`User removed from ${firstName}.`)).toBeVisible();
  await expect(memberOf.getByRole('listitem')).toHaveText(['Admin']);
  await expect(memberOf.getByRole('button', { name: 'Remove Admin' })).toBeDisabled();
  await expect(page.getByRole('banner').or(page.locator('header')).getByText(/· Admin ·/)).toBeVisible();
});

test('a module denied to one user: the explanation says so, and that user is refused it', async ({ page, browser, owner, hooks }) => {
  const { email, firstName } = await openMemberPage(page, owner, hooks);
  await page.getByLabel(/^Open CRM/).selectOption('deny');
  await page.getByRole('button', { name: 'Save permissions' }).click();
  await expect(page.getByText(`${firstName}’s permissions are saved.`)).toBeVisible();
  await expect(page.getByText('Denied for this user')).toBeVisible();
  await expect(page.getByText('Granted by User').first()).toBeVisible();
  const member = await memberBrowser(browser, email, MEMBER_PASSWORD);
  expect((await member.goto('/crm'))?.status()).toBe(403);
  await member.context().close();
});

test('a password set by an admin: the old one is refused, the new one signs in', async ({ page, browser, owner, hooks }) => {
  const { email, firstName } = await openMemberPage(page, owner, hooks);
  await page.getByLabel('New password', { exact: true }).fill('maple harbor violet engine');
  await page.getByLabel('Repeat the new password').fill('maple harbor violet engine');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText(`${firstName}’s password is changed`)).toBeVisible();
  const member = await (await browser.newContext()).newPage();
  const login = new LoginPage(member);
  await login.goto();
  await login.signIn(email, MEMBER_PASSWORD);
  await login.expectRefusal('The email or password is incorrect.');
  await login.signIn(email, 'maple harbor violet engine');
  await expect(member).toHaveURL(/\/dashboard$/);
  await member.context().close();
});

test('a user is deleted only once their login is disabled; their session shows until then', async ({ page, browser, owner, hooks }) => {
  const { email, firstName } = await openMemberPage(page, owner, hooks);
  const member = await memberBrowser(browser, email, MEMBER_PASSWORD);
  await page.reload();
  await expect(page.getByTestId('member-sessions').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Delete user' })).toBeDisabled();
  await page.getByRole('switch', { name: `Deactivate ${firstName}` }).click();
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByText(`${firstName} is deactivated and signed out.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete user' })).toBeEnabled();
  await page.getByRole('button', { name: 'Delete user' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);
  await expect(page.getByText(`${firstName} was deleted.`)).toBeVisible();
  await member.context().close();
});
