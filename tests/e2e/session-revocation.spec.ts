import { expect, test } from './fixtures/account';
import { AppShell, LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

test('a member deactivated while signed in is sent to /login on the next navigation', async ({ page, hooks }) => {
  const email = uniqueEmail('deactivated-later');
  await hooks.createMember({ email, firstName: 'Dora' });

  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, MEMBER_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Welcome, Dora' })).toBeVisible();

  await hooks.setMembershipStatus(email, 'deactivated');
  await page.getByRole('link', { name: 'My profile' }).click();
  await expect(page).toHaveURL(/\/login\?.*reason=deactivated/);
  await expect(login.alert()).toContainText('Your access to this account has been deactivated.');

  // Reactivation lets them sign in again, back to where they were going; the old session stays ended.
  await hooks.setMembershipStatus(email, 'active');
  await login.signIn(email, MEMBER_PASSWORD);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
});

test('signing out everywhere ends the other devices’ sessions on their next request', async ({ browser, hooks }) => {
  const email = uniqueEmail('two-devices');
  await hooks.createMember({ email, firstName: 'Tess' });
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext()).newPage();
  for (const page of [laptop, phone]) {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(email, MEMBER_PASSWORD);
    await expect(page.getByRole('heading', { name: 'Welcome, Tess' })).toBeVisible();
  }

  await new AppShell(phone).signOutEverywhere();
  await expect(phone.getByText('You were signed out on every device.')).toBeVisible();

  await laptop.reload();
  await expect(laptop).toHaveURL(/\/login\?.*reason=signed_out_everywhere/);
  await laptop.context().close();
  await phone.context().close();
});
