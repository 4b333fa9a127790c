import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LoginPage, OWNER } from './fixtures/pages';

async function seriousProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function signIn(page: Page) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(OWNER.email, OWNER.password);
  await expect(page).not.toHaveURL(/\/login/);
}

// The pages people work in, checked against WCAG 2.x A and AA by axe: serious and critical findings fail.
const PAGES = ['/dashboard', '/profile', '/leave', '/settings/users', '/settings/invites', '/settings/roles', '/settings/roles/matrix', '/settings/roles/why'];

test('the sign-in page and the main pages have no serious or critical accessibility problems', async ({ page }) => {
  const found: Record<string, string[]> = {};
  await page.goto('/login');
  const atLogin = await seriousProblems(page);
  if (atLogin.length > 0) found['/login'] = atLogin;
  await signIn(page);
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    const serious = await seriousProblems(page);
    if (serious.length > 0) found[path] = serious;
  }
  expect(found).toEqual({});
});
