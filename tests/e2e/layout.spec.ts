import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, type AccountOwner } from './fixtures/pages';
import { openDialog, shot } from './fixtures/ui';

// Issue 13, items 4 and 5: at 1280 px (sidebar open) both people tables show every column and the Active
// toggle; on a 360 px phone no page is wider than the screen and every dialog fits and works. Each page and
// dialog is also kept as a screenshot in the test's output folder.

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: 'phone', viewport: { width: 360, height: 740 }, isMobile: true },
] as const;

/** `datetime-local` text for a moment some hours from now, in the browser's zone. */
const localInput = (hoursFromNow: number) => {
  const date = new Date(Date.now() + hoursFromNow * 3_600_000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

async function signIn(page: Page, owner: AccountOwner) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(owner.email, owner.password);
  await expect(page).not.toHaveURL(/\/login/);
}

async function expectNoSidewaysScroll(page: Page, what: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${what} is wider than the viewport`).toBeLessThanOrEqual(clientWidth);
}

async function expectInViewport(page: Page, locator: Locator, what: string) {
  const { width, height } = page.viewportSize()!;
  const box = await locator.boundingBox();
  expect(box, `${what} has no box`).not.toBeNull();
  expect(box!.x, `${what} starts left of the screen`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${what} starts above the screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends right of the screen`).toBeLessThanOrEqual(width);
  expect(box!.y + box!.height, `${what} ends below the screen`).toBeLessThanOrEqual(height);
}

/** Every header cell of the table ends within the screen, and the table does not scroll sideways. */
async function expectAllColumnsInView(page: Page, table: Locator) {
  const { width } = page.viewportSize()!;
  const headers = table.locator('thead th');
  expect(await headers.count()).toBeGreaterThan(5);
  for (const header of await headers.all()) {
    const box = await header.boundingBox();
    expect(box, `header “${await header.textContent()}” is not shown`).not.toBeNull();
    expect(box!.x + box!.width, `header “${await header.textContent()}” ends right of the screen`).toBeLessThanOrEqual(width);
  }
  const scrolls = await table.evaluate((element) => element.parentElement!.scrollWidth > element.parentElement!.clientWidth);
  expect(scrolls, 'the table scrolls sideways').toBe(false);
}

for (const size of SIZES) {
  test.describe(`at ${size.viewport.width}x${size.viewport.height}`, () => {
    test.use({ viewport: size.viewport, isMobile: size.isMobile, hasTouch: size.isMobile });

    test('the Users tab fits: every column and the Active toggle in view, long values cut with the full text on hover and focus, and the toggle’s confirmation', async ({ page, owner, hooks }, testInfo) => {
      const tag = `fit${Math.random().toString(36).slice(2, 6)}`;
      const longEmail = `bartholomew.maximilian.${tag}@a-very-long-company-name.example.test`;
      await hooks.createMember({ email: longEmail, firstName: `Bartholomew-Maximilian ${tag}` });
      await hooks.createMember({ email: `${tag}.temp@acme.test`, firstName: `Temporary ${tag}`, accessExpiresAt: new Date(Date.now() + 72 * 3_600_000).toISOString() });
      await hooks.createMember({ email: `${tag}.guest@acme.test`, firstName: `Guest ${tag}`, role: 'guest', status: 'pending' });
      await signIn(page, owner);
      await page.goto(`/settings/users?q=${tag}`);
      const table = page.getByTestId('users-table');
      await expect(table.locator('tbody tr')).toHaveCount(3);
      await expectNoSidewaysScroll(page, 'the Users tab');
      await shot(page, testInfo, `users-${size.name}`);

      const row = table.locator('tbody tr', { hasText: longEmail });
      const toggle = row.getByRole('switch', { name: `Deactivate Bartholomew-Maximilian ${tag}` });
      await expectInViewport(page, toggle, 'the Active toggle');
      await expectInViewport(page, row.getByRole('link', { name: `Bartholomew-Maximilian ${tag}` }), 'the name');
      await expect(row.getByText(longEmail)).toBeVisible();
      await expect(table.locator('tbody tr', { hasText: `Guest ${tag}` }).getByRole('button', { name: `Approve Guest ${tag}` })).toBeInViewport();
      if (size.name === 'desktop') {
        await expectAllColumnsInView(page, table);
        // The email is cut; its full text shows on hover and on keyboard focus.
        const email = row.getByText(longEmail);
        await email.hover();
        await expect(page.getByRole('tooltip')).toContainText(longEmail);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('tooltip')).toHaveCount(0);
        await email.focus();
        await expect(page.getByRole('tooltip')).toContainText(longEmail);
      } else {
        // Each card keeps the checkbox, name, email, status and toggle.
        await expectInViewport(page, row.getByRole('checkbox', { name: `Select Bartholomew-Maximilian ${tag}` }), 'the row checkbox');
        await expect(row).toContainText('Active');
      }

      // The confirm dialog of the toggle fits and works.
      await toggle.click();
      const confirm = page.getByRole('alertdialog', { name: `Deactivate Bartholomew-Maximilian ${tag}?` });
      await expect(confirm).toBeVisible();
      await expectInViewport(page, confirm, 'the confirm dialog');
      await shot(page, testInfo, `users-confirm-${size.name}`);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toBeHidden();
    });

    test('the bulk bar and its Extend access dialog fit, and the result says who changed', async ({ page, owner, hooks }, testInfo) => {
      const tag = `bulk${Math.random().toString(36).slice(2, 6)}`;
      await hooks.createMember({ email: `${tag}.one@acme.test`, firstName: `One ${tag}` });
      await hooks.createMember({ email: `${tag}.temp@acme.test`, firstName: `Temporary ${tag}`, accessExpiresAt: new Date(Date.now() + 72 * 3_600_000).toISOString() });
      await hooks.createMember({ email: `${tag}.guest@acme.test`, firstName: `Guest ${tag}`, role: 'guest', status: 'pending' });
      await signIn(page, owner);
      await page.goto(`/settings/users?q=${tag}`);
      await expect(page.getByTestId('users-table').locator('tbody tr')).toHaveCount(3);
      await page.getByRole('checkbox', { name: 'Select all users on this page' }).check();
      const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
      await expect(bar).toContainText('3 selected');
      await expectNoSidewaysScroll(page, 'the Users tab with the bulk bar');
      await shot(page, testInfo, `users-bulk-${size.name}`);
      await bar.getByRole('button', { name: 'Extend access to…' }).click();
      const extend = page.getByRole('dialog', { name: 'Extend access for 3 users' });
      await expect(extend).toBeVisible();
      await expectInViewport(page, extend, 'the Extend access dialog');
      await shot(page, testInfo, `users-extend-${size.name}`);
      await extend.getByLabel('Access ends at').fill(localInput(96));
      await extend.getByRole('button', { name: 'Save' }).click();
      const result = page.getByRole('dialog', { name: 'Result' });
      await expect(result.getByTestId('bulk-summary')).toContainText(`Changed: Temporary ${tag}`);
      await expectInViewport(page, result, 'the bulk result dialog');
      await shot(page, testInfo, `users-bulk-result-${size.name}`);
      await result.getByRole('button', { name: 'Close' }).first().click();
    });

    test('the Add user dialog fits, scrolling inside itself, and takes input', async ({ page, owner }, testInfo) => {
      await signIn(page, owner);
      await page.goto('/settings/users');
      const addUser = page.getByRole('dialog', { name: 'Add user' });
      await openDialog(page.getByRole('button', { name: 'Add user', exact: true }), addUser);
      await expectInViewport(page, addUser, 'the Add user dialog');
      await addUser.getByLabel('First name').fill('Fits');
      await addUser.getByText('Adjust permissions (optional)').click();
      await expectInViewport(page, addUser, 'the Add user dialog, opened out');
      await expect(addUser.getByRole('button', { name: 'Add user' })).toBeEnabled();
      await addUser.getByRole('button', { name: 'Add user' }).scrollIntoViewIfNeeded();
      await expectInViewport(page, addUser.getByRole('button', { name: 'Add user' }), 'the Add user button');
      await shot(page, testInfo, `users-add-${size.name}`);
    });

    test('the Invites tab and the invite dialog fit: the Temporary switch works, every column and the row menu in view', async ({ page, owner }, testInfo) => {
      const tag = Math.random().toString(36).slice(2, 6);
      const email = `a.really.long.invitation.address.${tag}@subdomain.a-very-long-company-name.example.test`;
      await signIn(page, owner);
      await page.goto(`/settings/invites?q=${tag}`);
      const invite = page.getByRole('dialog', { name: 'Send invitations' });
      await openDialog(page.getByRole('button', { name: 'Invite', exact: true }), invite);
      await expectInViewport(page, invite, 'the invite dialog');
      await expectNoSidewaysScroll(page, 'the Invites tab with the invite dialog');
      await invite.getByLabel('Email').fill(email);
      await invite.getByRole('switch', { name: 'Temporary invitation' }).click();
      await expect(invite.getByRole('switch', { name: 'Temporary invitation' })).toBeChecked();
      await invite.getByLabel('Maximum date and time').fill(localInput(48));
      await expectInViewport(page, invite, 'the invite dialog, temporary');
      await shot(page, testInfo, `invite-dialog-${size.name}`);
      await invite.getByRole('button', { name: 'Send' }).click();
      await expect(invite.getByTestId('invite-results')).toContainText('Sent');
      await expectInViewport(page, invite, 'the invite results');
      await invite.getByRole('button', { name: 'Done' }).click();

      const table = page.getByTestId('invites-table');
      const row = table.locator('tbody tr', { hasText: email });
      await expect(row).toContainText('Temporary until');
      await expectNoSidewaysScroll(page, 'the Invites tab');
      await shot(page, testInfo, `invites-${size.name}`);
      if (size.name === 'desktop') await expectAllColumnsInView(page, table);
      const menu = row.getByRole('button', { name: `Actions for ${email}` });
      await expectInViewport(page, menu, 'the row’s actions');
      await menu.click();
      const revoke = page.getByRole('menuitem', { name: 'Revoke' });
      await expectInViewport(page, page.getByRole('menu'), 'the row menu');
      await shot(page, testInfo, `invites-menu-${size.name}`);
      await revoke.click();
      const confirm = page.getByRole('alertdialog', { name: `Revoke the invitation to ${email}?` });
      await expectInViewport(page, confirm, 'the Revoke confirmation');
      await shot(page, testInfo, `invites-revoke-${size.name}`);
      await confirm.getByRole('button', { name: 'Revoke' }).click();
      await expect(page.getByText(`Revoked the invitation to ${email}.`)).toBeVisible();
    });

    test('the user page and its dialogs, and the roles list, fit', async ({ page, owner, hooks }, testInfo) => {
      const tag = `page${Math.random().toString(36).slice(2, 6)}`;
      await hooks.createMember({
        email: `maximilian.featherstonehaugh.${tag}@a-very-long-company-name.example.test`,
        firstName: `Maximilian-Featherstonehaugh ${tag}`,
        accessExpiresAt: new Date(Date.now() + 72 * 3_600_000).toISOString(),
      });
      await signIn(page, owner);
      await page.goto(`/settings/users?q=${tag}`);
      await page.getByRole('link', { name: `Maximilian-Featherstonehaugh ${tag}` }).click();
      await expect(page.getByTestId('access-ends-state')).toContainText('Access ends on');
      await expectNoSidewaysScroll(page, 'the user page');
      await shot(page, testInfo, `user-page-${size.name}`);

      const change = page.getByRole('dialog', { name: /access end\?$/ });
      await openDialog(page.getByRole('button', { name: 'Change the end…' }), change);
      await expectInViewport(page, change, 'the access end dialog');
      await expectInViewport(page, change.getByRole('button', { name: 'Save' }), 'its Save button');
      await shot(page, testInfo, `user-page-access-end-${size.name}`);
      await change.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: 'End now' }).click();
      const endNow = page.getByRole('alertdialog');
      await expectInViewport(page, endNow, 'the End now confirmation');
      await shot(page, testInfo, `user-page-end-now-${size.name}`);
      await endNow.getByRole('button', { name: 'Cancel' }).click();

      await page.goto('/settings/roles');
      await expect(page.getByTestId('roles-table')).toBeVisible();
      await expectNoSidewaysScroll(page, 'the roles list');
      await shot(page, testInfo, `roles-${size.name}`);
    });

    test('every other page fits: dashboard, profile, leave requests, the matrix, why / view as, the local mailbox', async ({ page, owner }, testInfo) => {
      test.setTimeout(90_000);
      await signIn(page, owner);
      const pages = [
        { path: '/dashboard', ready: page.getByRole('heading', { name: 'Recent sign-ins' }) },
        { path: '/profile', ready: page.getByRole('heading', { name: 'My sessions' }) },
        { path: '/leave', ready: page.getByRole('heading', { name: 'Leave requests', level: 1 }) },
        { path: '/settings/roles/matrix', ready: page.getByRole('grid') },
        { path: '/settings/roles/why', ready: page.getByRole('heading', { name: 'Why / view as' }) },
        { path: '/dev/mail', ready: page.getByRole('heading', { level: 1 }) },
      ];
      for (const { path, ready } of pages) {
        await page.goto(path);
        await expect(ready).toBeVisible();
        await expectNoSidewaysScroll(page, path);
        await shot(page, testInfo, `${path.slice(1).replaceAll('/', '-')}-${size.name}`);
      }
      // The matrix's "Why does someone have …?" link names the focused row and wraps instead of widening the page.
      await page.goto('/settings/roles/matrix');
      await expect(page.locator('[data-ready]')).toBeAttached();
      // The first row header is a group's; the second is a permission's.
      await page.getByRole('grid').getByRole('rowheader').nth(1).click();
      await expect(page.getByTestId('matrix-why')).toBeVisible();
      await expectNoSidewaysScroll(page, 'the matrix with a row chosen');
    });

    test('the Active toggle is a comfortable tap target', async ({ page, owner, hooks }) => {
      await hooks.createMember({ email: `tap${Math.random().toString(36).slice(2, 6)}@acme.test`, firstName: 'Tappable' });
      await signIn(page, owner);
      await page.goto('/settings/users');
      const toggle = page.getByRole('switch').first();
      await expect(toggle).toBeVisible();
      // The hit area reaches past the drawn switch: a tap 8 px beside it still lands on the switch.
      const box = (await toggle.boundingBox())!;
      const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[role=switch]') !== null, { x: box.x + box.width / 2, y: box.y - 8 });
      expect(hit, 'a tap just above the switch misses it').toBe(true);
    });
  });
}
