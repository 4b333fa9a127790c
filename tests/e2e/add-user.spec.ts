import { expect, test } from './fixtures/account';
import { LoginPage, uniqueEmail } from './fixtures/pages';

test('an admin adds a user with a role and a hidden module; the user activates the login from the link and signs in', async ({ page, browser, owner }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(owner.email, owner.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/settings/users');

  const email = uniqueEmail('added');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await expect(dialog.getByLabel('Role', { exact: true })).toHaveValue(/.+/);
  await dialog.getByLabel('First name').fill('Addie');
  await dialog.getByLabel('Last name').fill('Newcomb');
  await dialog.getByLabel('Email', { exact: true }).fill(email);
  await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'User' });
  await dialog.getByText('Adjust permissions (optional)').click();
  await dialog.getByRole('checkbox', { name: 'CRM' }).uncheck();
  await dialog.getByRole('button', { name: 'Add user' }).click();
  // The link goes only by mail: the admin's answer is the same whether the address already had a login.
  await expect(dialog.getByText(`We’ve emailed Addie Newcomb (${email}) a link to join.`)).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'Local mailbox' })).toBeVisible();
  await expect(dialog.getByText(/\/activate\//)).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('users-table')).toContainText('Addie Newcomb');

  // The activation mail went through the outbox; with no RESEND_API_KEY the Owner reads it at /dev/mail.
  await page.getByRole('link', { name: 'Local mailbox' }).click();
  await expect(page.getByText('Mail is not being delivered')).toBeVisible();
  const mail = page.getByTestId('kept-mail').locator('li', { hasText: email });
  await expect(mail).toContainText(`added you to ${owner.accountName}`);
  // Honest: the banner says mail is not delivered, and so does each message.
  await expect(mail).toContainText('Kept in the local mailbox (not delivered)');
  await mail.locator('summary').click();
  const link = (await mail.getByTestId('mail-text').textContent())!.match(/https?:\/\/\S+\/activate\/[A-Za-z0-9_-]{43}/)![0];

  const newcomer = await (await browser.newContext()).newPage();
  await newcomer.goto(new URL(link).pathname);
  await expect(newcomer.getByRole('heading', { name: 'Welcome, Addie' })).toBeVisible();
  await newcomer.getByLabel('Password', { exact: true }).fill('short');
  await newcomer.getByLabel('Repeat the password').fill('short');
  await newcomer.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(newcomer.getByText('Use at least 12 characters.', { exact: true })).toBeVisible();
  await newcomer.getByLabel('Password', { exact: true }).fill('copper meadow lantern drift');
  await newcomer.getByLabel('Repeat the password').fill('copper meadow lantern drift');
  await newcomer.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(newcomer).toHaveURL(/\/dashboard$/);
  await expect(newcomer.getByRole('heading', { name: 'Welcome, Addie' })).toBeVisible();
  // The hidden module is gone from the menu.
  await expect(newcomer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CRM' })).toHaveCount(0);
  // Opening it anyway is refused with the real reason: the module was hidden for them, not missing from their role.
  await newcomer.goto('/crm');
  await expect(newcomer.getByTestId('forbidden')).toContainText('because an administrator has hidden CRM from you');

  // The link works once.
  await newcomer.goto(new URL(link).pathname);
  await expect(newcomer.getByText('This activation link has already been used.')).toBeVisible();
  await newcomer.context().close();
});
