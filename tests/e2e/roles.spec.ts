import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';
import { RolesPages } from './fixtures/roles-pages';

test.describe.configure({ mode: 'serial' });

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

const suffix = () => Math.random().toString(36).slice(2, 6);

test('an Owner duplicates the built-in Admin role into an adjustable custom role and takes Billing out of the copy', async ({ page, owner }) => {
  const roles = new RolesPages(page);
  await signIn(page, owner.email, owner.password);
  await roles.openRole('Admin');
  await roles.openDialog('Duplicate', roles.duplicateDialog());
  const dialog = roles.duplicateDialog();
  await expect(dialog.getByLabel('Name of the copy')).toHaveValue('Copy of Admin');
  await expect(dialog.getByTestId('duplicate-summary')).toContainText('Based on User');
  const name = `Admin without billing ${suffix()}`;
  await dialog.getByLabel('Name of the copy').fill(name);
  await dialog.getByRole('button', { name: 'Duplicate' }).click();

  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText(`Created “${name}” from “Admin”.`)).toBeVisible();
  await expect(page.getByTestId('role-chain')).toContainText(`${name} ← User`);
  // The copy holds Admin's extras as its own: each one can be unticked.
  await expect(page.getByLabel('Manage users')).toBeChecked();
  await expect(page.getByLabel('Manage users')).toBeEnabled();
  await page.getByLabel(/^Billing/).uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Saved “${name}”.`)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/^Billing/)).not.toBeChecked();
  await expect(page.getByLabel('Manage roles')).toBeChecked();
});

test('the roles list duplicates a role straight from its row', async ({ page, owner }) => {
  const roles = new RolesPages(page);
  await signIn(page, owner.email, owner.password);
  await roles.gotoList();
  await page.getByRole('link', { name: 'Duplicate User' }).click();
  const dialog = roles.duplicateDialog();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name of the copy')).toHaveValue(/^Copy of User/);
  const name = `Desk staff ${suffix()}`;
  await dialog.getByLabel('Name of the copy').fill(name);
  await expect(async () => {
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Duplicate' }).click();
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await roles.gotoList();
  await expect(page.getByTestId('roles-table').getByRole('link', { name, exact: true })).toBeVisible();
});

test('deleting a role in use names who depends on it, moves its members and re-bases the role built on it, in one step', async ({ page, owner, hooks }) => {
  const roles = new RolesPages(page);
  const shift = `Night shift ${suffix()}`;
  const lead = `Night lead ${suffix()}`;
  const firstName = `Nia${suffix()}`;
  await signIn(page, owner.email, owner.password);
  await roles.createRole(shift, 'User', ['Open Insight']);
  await roles.createRole(lead, shift, ['Reports']);
  await hooks.createMember({ email: uniqueEmail('night'), firstName, roleName: shift });

  await roles.openRole(shift);
  await roles.openDialog('Delete role', roles.deleteDialog());
  const dialog = roles.deleteDialog();
  await expect(dialog.getByTestId('delete-members')).toContainText(`1 member holds it: ${firstName}.`);
  await expect(dialog.getByTestId('delete-dependents')).toContainText(lead);
  // The dependent role is based on the deleted role's own base unless the editor picks another.
  await expect(dialog.getByLabel(/^Base it on/).locator('option:checked')).toHaveText('User');
  await expect(dialog.getByRole('button', { name: 'Move and delete' })).toBeDisabled();
  await dialog.getByLabel('Move its members to').selectOption({ label: 'User' });
  await dialog.getByRole('button', { name: 'Move and delete' }).click();

  await expect(page).toHaveURL(/\/settings\/roles$/);
  await expect(page.getByText(`Deleted “${shift}” (1 member moved, 1 role re-based).`)).toBeVisible();
  const table = page.getByTestId('roles-table');
  await expect(table.getByRole('link', { name: shift, exact: true })).toHaveCount(0);
  await expect(table.getByRole('row', { name: new RegExp(lead) })).toContainText(`${lead} ← User`);

  await page.goto(`/settings/users?q=${firstName.toLowerCase()}`);
  const row = page.getByRole('row', { name: new RegExp(firstName) });
  await expect(row).toContainText('User');
  await expect(row).not.toContainText(shift);
});

test('issue 13: deleting a role that members hold, an invitation offers and a role is based on, moving them all to User', async ({ page, owner, hooks }) => {
  const roles = new RolesPages(page);
  const sales = `Salesperson ${suffix()}`;
  const senior = `Senior salesperson ${suffix()}`;
  const firstName = `Sal${suffix()}`;
  const invited = uniqueEmail('offered');
  await signIn(page, owner.email, owner.password);
  await roles.createRole(sales, 'User', ['Open Insight']);
  await roles.createRole(senior, sales, ['Reports']);
  await hooks.createMember({ email: uniqueEmail('sales'), firstName, roleName: sales });
  await page.goto('/settings/invites');
  await page.getByRole('button', { name: 'Invite' }).click();
  const invite = page.getByRole('dialog', { name: 'Send invitations' });
  await invite.getByLabel('Email').fill(invited);
  await invite.getByLabel('User role').selectOption({ label: sales });
  await invite.getByRole('button', { name: 'Send' }).click();
  await expect(invite.getByTestId('invite-results')).toContainText('Sent');

  await roles.openRole(sales);
  await roles.openDialog('Delete role', roles.deleteDialog());
  const dialog = roles.deleteDialog();
  await expect(dialog.getByTestId('delete-members')).toContainText(`1 member holds it: ${firstName}.`);
  await expect(dialog.getByTestId('delete-members')).toContainText('1 open invitation offers it.');
  await expect(dialog.getByTestId('delete-dependents')).toContainText(senior);
  await dialog.getByLabel('Move its members to').selectOption({ label: 'User' });
  await expect(dialog.getByLabel(/^Base it on/).locator('option:checked')).toHaveText('User');
  await dialog.getByRole('button', { name: 'Move and delete' }).click();

  await expect(page).toHaveURL(/\/settings\/roles$/);
  await expect(page.getByText(`Deleted “${sales}” (1 member moved, 1 invitation moved, 1 role re-based).`)).toBeVisible();
  await expect(page.getByTestId('roles-table').getByRole('row', { name: new RegExp(senior) })).toContainText(`${senior} ← User`);
  await page.goto(`/settings/invites?q=${encodeURIComponent(invited)}`);
  await expect(page.getByTestId('invites-table').locator('tr', { hasText: invited })).toContainText('User');
});

test('“Why / view as” explains a member’s permission by its path and shows the menu they get', async ({ page, browser, owner, hooks }) => {
  const roles = new RolesPages(page);
  const rep = `Field rep ${suffix()}`;
  const firstName = `Wes${suffix()}`;
  const email = uniqueEmail('why');
  await signIn(page, owner.email, owner.password);
  await roles.createRole(rep, 'User', ['Open Insight']);
  await hooks.createMember({ email, firstName, roleName: rep });

  // From the user's page: its read-only view and the link to the "why" page.
  await page.goto(`/settings/users?q=${firstName.toLowerCase()}`);
  await page.getByRole('link', { name: firstName }).click();
  const menu = page.getByRole('navigation', { name: `Menu as ${firstName} sees it` });
  await expect(menu).toContainText('Insight');
  await expect(menu).not.toContainText('Users');
  await page.getByRole('link', { name: 'Why / view as' }).click();
  await expect(page).toHaveURL(/\/settings\/roles\/why\?member=/);
  await expect(page.getByRole('combobox', { name: 'Member' })).toHaveValue(firstName);

  await roles.pickPermission('Open Insight (insight.view)');
  const result = page.getByTestId('why-result');
  await expect(result).toContainText(`${firstName} has Open Insight`);
  await expect(result.getByTestId('why-path')).toContainText(`${rep}grants it`);
  await roles.pickPermission('Open CRM (crm.view)');
  await expect(result.getByTestId('why-path')).toContainText(`${rep}based onUsergrants it`);
  await roles.pickPermission('Manage users (users.manage)');
  await expect(result).toContainText(`${firstName} does not have Manage users`);
  await expect(result).toContainText('Not granted by any role');

  const viewAs = page.getByRole('navigation', { name: `Menu as ${firstName} sees it` });
  await expect(viewAs).toContainText('Insight');
  await expect(page.getByTestId('view-as-missing')).toContainText('Users');

  // The member's own sidebar says the same.
  const member = await (await browser.newContext()).newPage();
  await signIn(member, email, MEMBER_PASSWORD);
  const own = member.getByRole('navigation', { name: 'Main' });
  await expect(own.getByRole('link', { name: 'Insight' })).toBeVisible();
  await expect(own.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await member.context().close();

  // Searching picks another member; the permission stays.
  await roles.gotoWhy('?permission=users.manage');
  await expect(page.getByTestId('why-roles-granting')).toContainText('Owner');
  await roles.pickMember(owner.firstName.toLowerCase(), `${owner.firstName} ${owner.lastName}`);
  await expect(page.getByTestId('why-result')).toContainText(`${owner.firstName} ${owner.lastName} has Manage users`);
});
