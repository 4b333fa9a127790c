import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, uniqueEmail } from './fixtures/pages';

async function signIn(page: Page, email: string, password: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

/** A value for <input type="datetime-local"> in the browser's time zone, `hours` from now. */
function localInputValue(hours: number) {
  const date = new Date(Date.now() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// @clock: it moves the server's clock, so it runs in the `clock` project, alone, after every other spec.
test('a temporary invitation: invite, read the mail, accept, sign in; past the end the next navigation is refused', { tag: '@clock' }, async ({ page, browser, owner, hooks }) => {
  const email = uniqueEmail('temporary');
  await signIn(page, owner.email, owner.password);
  await page.goto('/settings/invites');
  await page.getByRole('button', { name: 'Invite' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send invitations' });
  await dialog.getByLabel('Email').fill(`${email}, not-an-email`);
  await dialog.getByLabel('User role').selectOption({ label: 'User' });
  await dialog.getByRole('switch', { name: 'Temporary invitation' }).click();
  await expect(dialog.getByTestId('current-time')).toBeVisible();
  await dialog.getByLabel('Maximum date and time').fill(localInputValue(48));
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByTestId('invite-results')).toContainText(`${email}Sent`);
  await expect(dialog.getByTestId('invite-results')).toContainText('Refused: Enter a valid email address');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Waiting: the Expires column stands where Responded would.
  await expect(page.getByTestId('invites-table')).toContainText(email);
  await expect(page.getByRole('columnheader', { name: 'Expires' })).toBeVisible();
  await expect(page.getByTestId('invites-table')).toContainText('Temporary until');

  // The mail, kept locally (no RESEND_API_KEY), carries the link.
  await page.goto('/dev/mail');
  const mail = page.getByTestId('kept-mail').locator('li', { hasText: email });
  await mail.locator('summary').click();
  const text = (await mail.getByTestId('mail-text').textContent())!;
  const link = text.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/)![0];
  expect(text).toContain('Your access is temporary');

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(new URL(link).pathname);
  await expect(guest.getByRole('heading', { name: `Join ${owner.accountName}` })).toBeVisible();
  await guest.getByLabel('First name').fill('Tamsin');
  await guest.getByLabel('Password', { exact: true }).fill('walnut prairie signal ember');
  await guest.getByLabel('Repeat the password').fill('walnut prairie signal ember');
  await guest.getByRole('button', { name: 'Accept and join' }).click();
  await expect(guest).toHaveURL(/\/dashboard$/);
  await expect(guest.getByText('Your access ends')).toBeVisible();

  // The invitation now shows as Completed, with Responded.
  await page.goto('/settings/invites?status=completed');
  await expect(page.getByRole('columnheader', { name: 'Responded' })).toBeVisible();
  await page.getByRole('button', { name: 'Email' }).click();
  await expect(page).toHaveURL(/sort=email/);
  await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('invites-table')).toContainText(email);

  // Past the end of access: the next navigation is refused, and so is signing in.
  await hooks.setClockOffset(49 * 3_600_000);
  try {
    await guest.getByRole('link', { name: 'My profile' }).click();
    await expect(guest).toHaveURL(/\/login\?.*reason=access_expired/);
    await expect(new LoginPage(guest).alert()).toContainText('Your temporary access to this account has expired.');
    await new LoginPage(guest).signIn(email, 'walnut prairie signal ember');
    await new LoginPage(guest).expectRefusal('Your temporary access has expired.');
  } finally {
    await hooks.setClockOffset(0);
  }
  await guest.context().close();
});

test('the link belongs to its email: another signed-in login is told whose it is', async ({ page, browser, owner }) => {
  const email = uniqueEmail('owned');
  await signIn(page, owner.email, owner.password);
  await page.goto('/settings/invites');
  await page.getByRole('button', { name: 'Invite' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send invitations' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByTestId('invite-results')).toContainText('Sent');
  await page.goto('/dev/mail');
  const mail = page.getByTestId('kept-mail').locator('li', { hasText: email });
  await mail.locator('summary').click();
  const link = (await mail.getByTestId('mail-text').textContent())!.match(/\/invite\/[A-Za-z0-9_-]{43}/)![0];
  // Without a mail provider nothing was delivered, and the Invites tab says so rather than "Sent".
  await page.goto('/settings/invites');
  await expect(page.locator('tr', { hasText: email })).toContainText('Kept in the local mailbox (not delivered)');

  // The Owner (another login) opens it.
  await page.goto(link);
  await expect(page.getByText(`this invitation is for ${email}`)).toBeVisible();
  await expect(page.getByRole('button', { name: /Join/ })).toHaveCount(0);
  const tampered = await (await browser.newContext()).newPage();
  await tampered.goto(`${link.slice(0, -3)}xyz`);
  await expect(tampered.getByText('This invitation link is not valid.')).toBeVisible();
  await tampered.context().close();
});

test('the Invites tab filters show the right rows and columns: revoked, and expired by time with no job', { tag: '@clock' }, async ({ page, owner, hooks }) => {
  const revoked = uniqueEmail('revokeme');
  const stale = uniqueEmail('stale');
  await signIn(page, owner.email, owner.password);
  await page.goto('/settings/invites');
  await page.getByRole('button', { name: 'Invite' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send invitations' });
  await dialog.getByLabel('Email').fill(`${revoked}\n${stale}`);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByTestId('invite-results')).toContainText(stale);
  await dialog.getByRole('button', { name: 'Done' }).click();

  const revokedRow = page.getByTestId('invites-table').locator('tr', { hasText: revoked });
  // Row actions sit in one menu per row, so every column fits (issue 13, item 4).
  await revokedRow.getByRole('button', { name: `Actions for ${revoked}` }).click();
  await page.getByRole('menuitem', { name: 'Revoke' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText(`Revoked the invitation to ${revoked}.`)).toBeVisible();
  await expect(page.getByTestId('invites-table')).not.toContainText(revoked);

  await page.getByLabel('Invitation status').selectOption('revoked');
  await expect(page).toHaveURL(/status=revoked/);
  await expect(page.getByRole('columnheader', { name: 'Responded' })).toBeVisible();
  await expect(page.getByTestId('invites-table').locator('tr', { hasText: revoked })).toContainText('revoked');

  await hooks.setClockOffset(8 * 86_400_000);
  try {
    await page.goto('/settings/invites?status=expired');
    await expect(page.getByTestId('invites-table').locator('tr', { hasText: stale })).toContainText('expired');
    await page.goto('/settings/invites');
    await expect(page.getByTestId('invites-table').or(page.getByTestId('invites-empty'))).not.toContainText(stale);
  } finally {
    await hooks.setClockOffset(0);
  }
});

test('Copy link adds a link: the emailed link keeps working, and revoking ends both', async ({ page, browser, owner }) => {
  const email = uniqueEmail('copied');
  await signIn(page, owner.email, owner.password);
  await page.goto('/settings/invites');
  await page.getByRole('button', { name: 'Invite' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send invitations' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByTestId('invite-results')).toContainText('Sent');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const row = page.getByTestId('invites-table').locator('tr', { hasText: email });
  await row.getByRole('button', { name: `Actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Copy link' }).click();
  const toast = page.locator('[data-sonner-toast]', { hasText: 'Link copied. The link already emailed still works.' });
  await expect(toast).toBeVisible();
  const copied = (await toast.textContent())!.match(/\/invite\/[A-Za-z0-9_-]{43}/)![0];
  await page.screenshot({ path: test.info().outputPath('invites-copy-link.png') });

  await page.goto('/dev/mail');
  const mail = page.getByTestId('kept-mail').locator('li', { hasText: email });
  await mail.locator('summary').click();
  const mailed = (await mail.getByTestId('mail-text').textContent())!.match(/\/invite\/[A-Za-z0-9_-]{43}/)![0];
  expect(mailed).not.toBe(copied);

  const invitee = await (await browser.newContext()).newPage();
  for (const link of [mailed, copied]) {
    await invitee.goto(link);
    await expect(invitee.getByRole('heading', { name: `Join ${owner.accountName}` })).toBeVisible();
  }

  await page.goto('/settings/invites');
  await row.getByRole('button', { name: `Actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Revoke' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText(`Revoked the invitation to ${email}.`)).toBeVisible();
  for (const link of [mailed, copied]) {
    await invitee.goto(link);
    await expect(invitee.getByRole('heading', { name: `Join ${owner.accountName}` })).toHaveCount(0);
    await expect(invitee.getByText('This invitation was revoked.', { exact: false })).toBeVisible();
  }
  await invitee.context().close();
});
