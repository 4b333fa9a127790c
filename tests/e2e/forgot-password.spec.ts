import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

const NEW_PASSWORD = 'saffron kettle glacier mosaic';

/** WCAG 2.x A and AA findings axe calls serious or critical, as the a11y spec counts them. */
async function seriousProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id);
}

/** Asks for a reset link from the sign-in page, as a person who forgot their password does. */
async function askForLink(page: Page, email: string) {
  await new LoginPage(page).goto();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  expect(await seriousProblems(page)).toEqual([]);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send link' }).click();
  const answer = page.getByTestId('reset-requested');
  await expect(answer).toBeVisible();
  return (await answer.textContent())!.replace(email, '<email>');
}

test('a person who forgot their password sets a new one from the mailed link and lands signed in; the old password and the link no longer work', async ({ page, browser, owner, hooks }) => {
  // Three browsers, two sign-ins and the Owner's mailbox: more than the default 30 s on two busy cores.
  test.slow();
  const email = uniqueEmail('forgetful');
  await hooks.createMember({ email, firstName: 'Fern' });
  // A session already open on another device ends with the reset.
  const elsewhere = await (await browser.newContext()).newPage();
  await new LoginPage(elsewhere).goto();
  await new LoginPage(elsewhere).signIn(email, MEMBER_PASSWORD);
  await expect(elsewhere.getByRole('heading', { name: 'Welcome, Fern' })).toBeVisible();

  const person = await (await browser.newContext()).newPage();
  const answer = await askForLink(person, email);
  expect(answer).toContain('If <email> is the email of a Rolecall login, we have sent it a link to choose a new password.');

  // The link goes only by mail; with no RESEND_API_KEY the account's Owner reads it at /dev/mail.
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(owner.email, owner.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/dev/mail');
  const mail = page.getByTestId('kept-mail').locator('li', { hasText: email });
  await expect(mail).toContainText('Reset your Rolecall password');
  await mail.locator('summary').click();
  const link = (await mail.getByTestId('mail-text').textContent())!.match(/https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/)![0];

  await person.goto(new URL(link).pathname);
  await expect(person.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(person.getByText(email)).toBeVisible();
  await person.getByLabel('New password').fill('password1234');
  await expect(person.getByTestId('password-strength')).toBeVisible();
  await person.getByLabel('Repeat the password').fill('password1234');
  await person.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(person.locator('#field-password-error')).toBeVisible();
  expect(await seriousProblems(person)).toEqual([]);
  await person.getByLabel('New password').fill(NEW_PASSWORD);
  await person.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await person.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(person).toHaveURL(/\/dashboard$/);
  await expect(person.getByRole('heading', { name: 'Welcome, Fern' })).toBeVisible();

  // Every other session of the login ended.
  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/login\?.*reason=password_changed/);
  await expect(new LoginPage(elsewhere).alert()).toContainText('Your password was changed.');

  // The old password no longer works; the new one does.
  const login = new LoginPage(elsewhere);
  await login.signIn(email, MEMBER_PASSWORD);
  await login.expectRefusal('The email or password is incorrect.');
  await login.signIn(email, NEW_PASSWORD);
  await expect(elsewhere).toHaveURL(/\/dashboard$/);

  // The link works once.
  await person.goto(new URL(link).pathname);
  await expect(person.getByText('This reset link has already been used.')).toBeVisible();
  await person.context().close();
  await elsewhere.context().close();
});

test('an email without a login gets the same screen as one with a login', async ({ browser, hooks }) => {
  const known = uniqueEmail('known');
  await hooks.createMember({ email: known });
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  const unknown = uniqueEmail('nobody');
  expect(await askForLink(first, unknown)).toBe(await askForLink(second, known));
  await first.context().close();
  await second.context().close();
});
