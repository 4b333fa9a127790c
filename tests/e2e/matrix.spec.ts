import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { MatrixPage, permissionBox, RoleEditorPage } from './fixtures/matrix-pages';
import { accountOfThisFile } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

test.describe.configure({ mode: 'serial' });
// The first test creates the two roles the others work on.
const account = accountOfThisFile();

// Role names of this run's own, so no other "Salesperson" can be taken for them.
const suffix = randomBytes(2).toString('hex');
const SALES = `Salesperson ${suffix}`;
const SENIOR = `Senior ${suffix}`;

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

test('Salesperson based on User, with Insight and report.export: the matrix shows the chain and where each cell comes from', async ({ page }) => {
  await signIn(page, account.owner.email, account.owner.password);
  const editor = new RoleEditorPage(page);
  await editor.create({ name: SALES, basedOn: 'User', permissions: ['Open Insight'], privileges: 'report.export' });
  await editor.create({ name: SENIOR, basedOn: SALES });

  const matrix = new MatrixPage(page);
  await matrix.goto();
  await expect(matrix.columnHeader(SALES)).toContainText('← User');
  await expect(matrix.columnHeader(SENIOR)).toContainText(`← ${SALES}`);
  await expect(matrix.columnHeader('User')).toContainText('Built-in');

  await matrix.expectCell(SALES, 'Open Insight', 'granted by this role');
  await matrix.expectCell(SENIOR, 'Open Insight', `inherited from ${SALES}`);
  await matrix.expectCell(SENIOR, 'Open CRM', 'inherited from User');
  await matrix.expectCell('User', 'Open Insight', 'not granted (locked: built-in role)');

  // Groups fold away and back.
  const modules = matrix.grid().getByRole('button', { name: /^Modules/ });
  await modules.click();
  await expect(modules).toHaveAttribute('aria-expanded', 'false');
  await expect(matrix.grid().getByRole('rowheader', { name: /Open Insight/ })).toHaveCount(0);
  await modules.click();
  await expect(matrix.grid().getByRole('rowheader', { name: /Open Insight/ })).toHaveCount(1);

  // The whole matrix as CSV, inherited cells naming their role.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^permission-matrix-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await file.path())!, 'utf8');
  expect(csv.split('\n')[0]).toContain(`${SALES},${SENIOR}`);
  expect(csv.split('\n').find((line) => line.includes(',insight.view,'))).toContain(`granted,inherited from ${SALES}`);

  // Rows off screen are not rendered: the filter brings them up.
  await matrix.filter('billing');
  await matrix.expectCell(SALES, 'Billing', 'not granted');
  await matrix.expectCell('Admin', 'Billing', 'granted by this role (locked: built-in role)');

  await matrix.filter('report.exp');
  await matrix.expectCell(SALES, 'report.export', 'granted by this role');
  await matrix.expectCell(SENIOR, 'report.export', `inherited from ${SALES}`);
  await matrix.expectCell('Owner', 'report.export', 'granted by this role (locked: built-in role)');
  await expect(matrix.grid().getByRole('rowheader', { name: /Open Insight/ })).toHaveCount(0);

  // Where an inherited cell comes from, on hover.
  await matrix.cell(SENIOR, 'report.export').hover();
  await expect(matrix.tooltip()).toHaveText(`${SENIOR}: report.export — inherited from ${SALES}`);
  // From the row, "why" someone has it.
  await expect(matrix.grid().getByRole('link', { name: 'Why does someone have report.export?' })).toHaveAttribute('href', '/settings/roles/why?permission=report.export');
  await page.screenshot({ path: 'test-results/matrix-filtered.png' });
});

test('toggling a base-role cell changes the inherited cells below it; Undo in the toast puts it back', async ({ page }) => {
  await signIn(page, account.owner.email, account.owner.password);
  const matrix = new MatrixPage(page);
  await matrix.goto();
  await matrix.filter('crm.delete');
  await matrix.expectCell(SENIOR, 'Delete in CRM', 'not granted');

  await matrix.cell(SALES, 'Delete in CRM').click();
  // At once (optimistic), then saved.
  await matrix.expectCell(SALES, 'Delete in CRM', 'granted by this role');
  await matrix.expectCell(SENIOR, 'Delete in CRM', `inherited from ${SALES}`);
  await expect(page.getByText(`${SALES}: Delete in CRM granted.`)).toBeVisible();
  await page.screenshot({ path: 'test-results/matrix-toggled.png' });

  await matrix.goto();
  await matrix.filter('crm.delete');
  await matrix.expectCell(SENIOR, 'Delete in CRM', `inherited from ${SALES}`);

  // An inherited cell is changed on the role it comes from (it is aria-disabled, hence force).
  await matrix.cell(SENIOR, 'Delete in CRM').click({ force: true });
  await expect(page.getByText(`${SENIOR} inherits “Delete in CRM” from ${SALES}: change it on ${SALES}.`)).toBeVisible();

  await matrix.cell(SALES, 'Delete in CRM').click();
  await matrix.expectCell(SENIOR, 'Delete in CRM', 'not granted');
  const toast = page.locator('[data-sonner-toast]').filter({ hasText: `${SALES}: Delete in CRM removed.` });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await matrix.expectCell(SENIOR, 'Delete in CRM', `inherited from ${SALES}`);
  await expect(page.getByText(`${SALES}: Delete in CRM granted.`)).toBeVisible();
  await matrix.goto();
  await matrix.filter('crm.delete');
  await matrix.expectCell(SALES, 'Delete in CRM', 'granted by this role');
});

test('keyboard: the arrows move between cells and Space toggles', async ({ page }) => {
  await signIn(page, account.owner.email, account.owner.password);
  const matrix = new MatrixPage(page);
  await matrix.goto();

  await matrix.filter('forms');
  await matrix.cell(SALES, 'Delete in Forms').focus();
  await page.keyboard.press('Space');
  await matrix.expectCell(SALES, 'Delete in Forms', 'granted by this role');
  await page.keyboard.press('ArrowRight');
  await expect(matrix.cell(SENIOR, 'Delete in Forms')).toBeFocused();
  await matrix.expectCell(SENIOR, 'Delete in Forms', `inherited from ${SALES}`);
  // Focus shows the same words as hovering.
  await expect(matrix.tooltip()).toHaveText(`${SENIOR}: Delete in Forms — inherited from ${SALES}`);
  await page.keyboard.press('ArrowUp');
  await expect(matrix.cell(SENIOR, 'Edit in Forms')).toBeFocused();
  // Space on an inherited cell changes nothing and says where to change it.
  await page.keyboard.press('Space');
  await expect(page.getByText(`${SENIOR} inherits “Edit in Forms” from User: change it on User.`)).toBeVisible();
  await matrix.expectCell(SENIOR, 'Edit in Forms', 'inherited from User');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowLeft');
  await expect(matrix.cell(SALES, 'Delete in Forms')).toBeFocused();
  // One tab stop: the focused cell is the only element of the grid in the tab order.
  await expect(matrix.grid().locator('[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('Space');
  await matrix.expectCell(SALES, 'Delete in Forms', 'not granted');
  await matrix.expectCell(SENIOR, 'Delete in Forms', 'not granted');
  await expect(page.getByText(`${SALES}: Delete in Forms removed.`)).toBeVisible();
  await page.keyboard.press('Home');
  await expect(matrix.grid().getByRole('rowheader', { name: /Delete in Forms/ }).locator('[tabindex="0"]')).toBeFocused();
});

test('keyboard: Tab enters the grid at its one tab stop, Ctrl+End reaches the last cell through the virtualized rows, and Tab comes back to it after scrolling away', async ({ page }) => {
  await signIn(page, account.owner.email, account.owner.password);
  const matrix = new MatrixPage(page);
  await matrix.goto();
  const rows = Number(await matrix.grid().getAttribute('aria-rowcount'));
  const columns = Number(await matrix.grid().getAttribute('aria-colcount'));
  const focused = page.locator(':focus');

  await page.getByRole('searchbox', { name: 'Filter permissions' }).focus();
  await expect(async () => {
    await page.keyboard.press('Tab');
    await expect(focused).toHaveAttribute('role', 'checkbox', { timeout: 500 });
  }).toPass({ timeout: 5_000 });
  await expect(focused).toHaveAccessibleName('Owner: Open Dashboard — granted by this role (locked: built-in role)');

  await page.keyboard.press('Control+End');
  // The last row (a custom privilege, far below the first screen) and the last role.
  await expect(focused).toHaveAttribute('data-item', String(rows - 2));
  await expect(focused).toHaveAttribute('data-column', String(columns - 2));
  const last = await focused.getAttribute('aria-label');

  await page.getByTestId('matrix-scroll').evaluate((element) => element.scrollTo(0, 0));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(focused).toHaveAccessibleName(last!);
});

test('a stale cell (someone else saved the role) is refused and shows the role as it is now', async ({ page, browser }) => {
  await signIn(page, account.owner.email, account.owner.password);
  const matrix = new MatrixPage(page);
  await matrix.goto();

  // Another admin saves Senior in the role editor meanwhile.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, account.owner.email, account.owner.password);
  await other.goto('/settings/roles');
  await other.getByRole('link', { name: SENIOR, exact: true }).click();
  await permissionBox(other, 'Billing').check();
  await other.getByRole('button', { name: 'Save changes' }).click();
  await expect(other.getByText(`Saved “${SENIOR}”.`)).toBeVisible();
  await other.context().close();

  await matrix.filter('mail.delete');
  await matrix.expectCell(SENIOR, 'Delete in Mail', 'not granted');
  await matrix.cell(SENIOR, 'Delete in Mail').click();
  await expect(page.getByText(`Someone else changed “${SENIOR}” since the matrix was loaded`)).toBeVisible();
  // Rolled back, and the role shown as it is now, with the other admin's change.
  await matrix.expectCell(SENIOR, 'Delete in Mail', 'not granted');
  await matrix.filter('billing');
  await matrix.expectCell(SENIOR, 'Billing', 'granted by this role');
  // With the current version, the same click goes through.
  await matrix.filter('mail.delete');
  await matrix.cell(SENIOR, 'Delete in Mail').click();
  await expect(page.getByText(`${SENIOR}: Delete in Mail granted.`)).toBeVisible();
  await matrix.expectCell(SENIOR, 'Delete in Mail', 'granted by this role');
});

test('a member without the roles permission cannot open the matrix or its export', async ({ browser, request }) => {
  const email = uniqueEmail('plain');
  await account.hooks(request).createMember({ email, role: 'user' });
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, MEMBER_PASSWORD);
  const response = await page.goto('/settings/roles/matrix');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toContainText('roles.manage');
  expect((await page.request.get('/settings/roles/matrix/export')).status()).toBe(403);
  await page.context().close();
});
