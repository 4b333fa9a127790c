import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, type AccountOwner } from './fixtures/pages';

async function seriousProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function signIn(page: Page, owner: AccountOwner) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(owner.email, owner.password);
  await expect(page).not.toHaveURL(/\/login/);
}

// The pages people work in, checked against WCAG 2.x A and AA by axe: serious and critical findings fail.
const PAGES = ['/dashboard', '/profile', '/leave', '/settings/users', '/settings/invites', '/settings/roles', '/settings/roles/matrix', '/settings/roles/why'];

test('the sign-in page and the main pages have no serious or critical accessibility problems', async ({ page, owner }) => {
  // Nine pages, each analysed whole by axe: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(120_000);
  const found: Record<string, string[]> = {};
  await page.goto('/login');
  const atLogin = await seriousProblems(page);
  if (atLogin.length > 0) found['/login'] = atLogin;
  await signIn(page, owner);
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    const serious = await seriousProblems(page);
    if (serious.length > 0) found[path] = serious;
  }
  expect(found).toEqual({});
});

test('the Add user and invite dialogs, opened, have no serious or critical accessibility problems', async ({ page, owner }) => {
  await signIn(page, owner);
  const found: Record<string, string[]> = {};
  const dialogs = [
    { path: '/settings/users', trigger: 'Add user', dialog: 'Add user' },
    { path: '/settings/invites', trigger: 'Invite', dialog: 'Send invitations' },
  ];
  for (const { path, trigger, dialog } of dialogs) {
    await page.goto(path);
    const opened = page.getByRole('dialog', { name: dialog });
    // The trigger works once the page is hydrated: retry until the dialog shows.
    await expect(async () => {
      if (!(await opened.isVisible())) await page.getByRole('button', { name: trigger, exact: true }).click();
      await expect(opened).toBeVisible({ timeout: 1_000 });
    }).toPass();
    if (dialog === 'Send invitations') await opened.getByRole('switch', { name: 'Temporary invitation' }).click();
    const serious = await seriousProblems(page);
    if (serious.length > 0) found[dialog] = serious;
  }
  expect(found).toEqual({});
});
