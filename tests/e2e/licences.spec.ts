import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { MEMBER_PASSWORD, uniqueEmail, type AccountOwner } from './fixtures/pages';
import { openDialog, shot, signIn } from './fixtures/ui';

// Issue 17: Settings → Licences, the user page's Licences widget, and what a licence opens.

async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'the page is wider than the phone').toBe(true);
}

async function createLicence(page: Page, fields: { name: string; key: string; seats: string; module: string }) {
  const dialog = page.getByRole('dialog', { name: 'New licence' });
  await openDialog(page.getByRole('button', { name: 'New licence' }).first(), dialog);
  await dialog.getByLabel('Name').fill(fields.name);
  await dialog.getByLabel('Product key').fill(fields.key);
  await dialog.getByLabel('Seats').fill(fields.seats);
  await dialog.getByTestId('licence-unlocks').getByLabel(fields.module, { exact: true }).check();
  return dialog;
}

/** The user page of the member with this first name, found through the Users tab. */
async function openUserPage(page: Page, name: string) {
  await page.goto(`/settings/users?q=${encodeURIComponent(name.toLowerCase())}`);
  await page.getByRole('link', { name }).first().click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a licence with one seat: given to one member, refused to the next, and what it unlocks appears and disappears on their next navigation', async ({ page, owner, hooks, browser }, testInfo) => {
  // A long journey in two browsers (the Owner's and the member's): more than the default minute on a loaded machine.
  test.slow();
  const tag = Math.random().toString(36).slice(2, 6);
  const ann = { email: uniqueEmail(`ann${tag}`), password: MEMBER_PASSWORD, name: `Ann Seated${tag}` };
  const ben = { email: uniqueEmail(`ben${tag}`), password: MEMBER_PASSWORD, name: `Ben Waiting${tag}` };
  await hooks.createMember({ email: ann.email, password: ann.password, firstName: 'Ann', lastName: `Seated${tag}`, role: 'user' });
  await hooks.createMember({ email: ben.email, password: ben.password, firstName: 'Ben', lastName: `Waiting${tag}`, role: 'user' });

  // Ann, in a browser of her own: a User, CRM in her menu through her role.
  const hers = await browser.newContext();
  const herPage = await hers.newPage();
  await signIn(herPage, ann);
  const herMenu = herPage.getByRole('navigation', { name: 'Main' });
  await expect(herMenu.getByRole('link', { name: 'CRM' })).toBeVisible();

  // The Owner creates CRM Pro with one seat: bad input first, then the real one.
  await signIn(page, owner);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licences' }).click();
  await expect(page).toHaveURL(/\/settings\/licences$/);
  await expect(page.getByText('No licences yet')).toBeVisible();
  const dialog = await createLicence(page, { name: 'CRM Pro', key: 'CRM Pro!', seats: '0', module: 'CRM' });
  await dialog.getByRole('button', { name: 'Create licence' }).click();
  await expect(dialog.getByText('A licence has at least 1 seat.')).toBeVisible();
  await expect(dialog.getByText(/A product key is lower-case letters/)).toBeVisible();
  await dialog.getByLabel('Product key').fill('crm.pro');
  await dialog.getByLabel('Seats').fill('1');
  await shot(page, testInfo, 'licence-dialog-1280');
  await dialog.getByRole('button', { name: 'Create licence' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Created the licence “CRM Pro”.')).toBeVisible();
  await expect(page.getByRole('meter', { name: '0 of 1 seats used' })).toBeVisible();
  await expect(page.getByText('Unlocks CRM')).toBeVisible();

  // Nobody holds a seat: Ann's very next navigation has no CRM, and /crm says which licence is needed.
  await herPage.goto('/profile');
  await expect(herMenu.getByRole('link', { name: 'CRM' })).toHaveCount(0);
  expect((await herPage.goto('/crm'))?.status()).toBe(403);
  await expect(herPage.getByTestId('forbidden')).toContainText('CRM Pro licence needed');

  // Ann gets the seat from her page's Licences widget.
  await openUserPage(page, ann.name);
  const annSwitch = page.getByRole('switch', { name: `CRM Pro for ${ann.name}` });
  await expect(annSwitch).toHaveAttribute('aria-checked', 'false');
  await annSwitch.click();
  await expect(page.getByText(`${ann.name} now holds CRM Pro.`)).toBeVisible();
  await expect(annSwitch).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('member-licence')).toContainText('No seat left (1)');
  await shot(page, testInfo, 'user-licences-widget-1280');
  await herPage.goto('/profile');
  await expect(herMenu.getByRole('link', { name: 'CRM' })).toBeVisible();
  expect((await herPage.goto('/crm'))?.status()).toBe(200);

  // Ben's switch is refused: no seat left, said beside it.
  await openUserPage(page, ben.name);
  const benSwitch = page.getByRole('switch', { name: `CRM Pro for ${ben.name}` });
  await expect(benSwitch).toBeDisabled();
  await expect(page.getByTestId('member-licence')).toContainText('No seat left: revoke one or add seats.');

  // The licence's page: its holder, flagged full; Ann's seat revoked there.
  await page.goto('/settings/licences');
  await expect(page.locator('[data-notice="full"]')).toHaveText('No seats left');
  await shot(page, testInfo, 'licences-1280');
  await page.getByRole('link', { name: 'CRM Pro' }).click();
  await expect(page.getByRole('list', { name: 'Holders' })).toContainText(ann.name);
  await shot(page, testInfo, 'licence-detail-1280');
  await page.getByRole('button', { name: `Revoke ${ann.name}’s seat` }).click();
  await expect(page.getByText(`Revoked ${ann.name}’s seat.`)).toBeVisible();
  await expect(page.getByText('Nobody holds a seat yet.')).toBeVisible();

  // Gone on her next navigation.
  await herPage.goto('/profile');
  await expect(herMenu.getByRole('link', { name: 'CRM' })).toHaveCount(0);
  expect((await herPage.goto('/crm'))?.status()).toBe(403);
  await hers.close();
});

test('a licence’s seats are changed on its page, and deleting it says first what is released', async ({ page, owner }, testInfo) => {
  await signIn(page, owner);
  await page.goto('/settings/licences');
  const dialog = await createLicence(page, { name: 'CRM Pro', key: 'crm.pro', seats: '1', module: 'CRM' });
  await dialog.getByRole('button', { name: 'Create licence' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('link', { name: 'CRM Pro' }).click();
  await expect(page.getByText('Nobody holds a seat yet.')).toBeVisible();
  await page.getByLabel('Seats', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Save seats' }).click();
  await expect(page.getByText('Seats set to 3.')).toBeVisible();
  await expect(page.getByRole('meter', { name: '0 of 3 seats used' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete licence' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('No other licence gates Open CRM');
  await shot(page, testInfo, 'licence-delete-1280');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/settings\/licences$/);
  await expect(page.getByText('No licences yet')).toBeVisible();
});

test('the Users tab gives a licence to the selected people, one by one until the seats run out, and filters by it', async ({ page, owner, hooks }, testInfo) => {
  const tag = Math.random().toString(36).slice(2, 6);
  for (const first of ['Ava', 'Bea', 'Cal']) await hooks.createMember({ email: uniqueEmail(`${first.toLowerCase()}${tag}`), firstName: first, lastName: `Bulk${tag}`, role: 'user' });
  await signIn(page, owner);
  await page.goto('/settings/licences');
  const dialog = await createLicence(page, { name: 'Forms Plus', key: 'forms.plus', seats: '2', module: 'Forms' });
  await dialog.getByRole('button', { name: 'Create licence' }).click();
  await expect(dialog).toBeHidden();

  await page.goto(`/settings/users?q=bulk${tag}`);
  await expect(page.getByRole('link', { name: `Cal Bulk${tag}` })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await bar.getByLabel('Licence to give or take back').selectOption({ label: 'Forms Plus (2 left)' });
  await bar.getByRole('button', { name: 'Give licence' }).click();
  const summary = page.getByTestId('bulk-summary');
  await expect(summary).toContainText(`Changed: Ava Bulk${tag}, Bea Bulk${tag}`);
  await expect(summary).toContainText(`Cal Bulk${tag}: No seat left.`);
  await shot(page, testInfo, 'users-bulk-licence-1280');
  await summary.getByRole('button', { name: 'Close' }).click();

  // The Licence filter, in the URL, combined with the search.
  await page.getByLabel('Licence', { exact: true }).selectOption({ label: 'Forms Plus' });
  await expect(page).toHaveURL(/licence=/);
  await expect(page.getByRole('link', { name: `Ava Bulk${tag}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Bea Bulk${tag}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Cal Bulk${tag}` })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('link', { name: `Cal Bulk${tag}` })).toHaveCount(0);
  await expect(page.getByRole('link', { name: `Ava Bulk${tag}` })).toBeVisible();
});

test('a User is refused Licences, and does not see it in the menu', async ({ page, hooks }) => {
  const member = { email: uniqueEmail('licuser'), password: MEMBER_PASSWORD };
  await hooks.createMember({ email: member.email, password: member.password, role: 'user' });
  await signIn(page, member);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licences' })).toHaveCount(0);
  expect((await page.goto('/settings/licences'))?.status()).toBe(403);
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the licences pages and the dialog fit', async ({ page, owner }: { page: Page; owner: AccountOwner }, testInfo) => {
    await signIn(page, owner);
    await page.goto('/settings/licences');
    const dialog = await createLicence(page, { name: 'Knowledge Base for the whole customer-support organisation', key: 'kb.support', seats: '25', module: 'Knowledge Base' });
    for (const part of [dialog, dialog.getByLabel('Seats'), dialog.getByRole('button', { name: 'Create licence' }), dialog.getByTestId('licence-unlocks')]) {
      const box = await part.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    }
    expect(await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth), 'the dialog scrolls sideways').toBe(true);
    await shot(page, testInfo, 'licence-dialog-360');
    await dialog.getByRole('button', { name: 'Create licence' }).click();
    await expect(dialog).toBeHidden();
    await fitsThePhone(page);
    await shot(page, testInfo, 'licences-360');
    await page.getByRole('link', { name: /^Knowledge Base for the whole/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await fitsThePhone(page);
    await shot(page, testInfo, 'licence-detail-360');
  });
});
