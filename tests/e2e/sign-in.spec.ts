import { expect, test } from './fixtures/account';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

test('a wrong password and an unknown email get the same message and keep the email typed', async ({ page, owner }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(owner.email, 'not my password at all');
  await login.expectRefusal('The email or password is incorrect.');
  await expect(page.getByLabel('Email')).toHaveValue(owner.email);

  await login.signIn('nobody.here@acme.test', 'not my password at all');
  await login.expectRefusal('The email or password is incorrect.');
});

test('five failures lock the login out, even for the right password, and say how long to wait', async ({ browser, hooks }) => {
  const email = uniqueEmail('lockout');
  await hooks.createMember({ email });
  // An address of its own, so this spec's failures do not lock out the others'.
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.77' } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await login.signIn(email, `wrong guess ${attempt}`);
    await login.expectRefusal('The email or password is incorrect.');
  }
  await login.signIn(email, MEMBER_PASSWORD);
  await login.expectRefusal('Too many failed attempts. Try again in 15 minutes.');
  await context.close();
});

test('signing in returns to the page that asked for it, never to another site', async ({ page, owner }) => {
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await new LoginPage(page).signIn(owner.email, owner.password);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();

  await page.context().clearCookies();
  await page.goto('/login?next=//evil.example/steal');
  await new LoginPage(page).signIn(owner.email, owner.password);
  await expect(page).toHaveURL(/localhost:\d+\/dashboard$/);
});

test('deactivated and pending members are refused at sign-in with their reason', async ({ page, hooks }) => {
  const deactivated = uniqueEmail('off');
  const pending = uniqueEmail('waiting');
  await hooks.createMember({ email: deactivated, status: 'deactivated' });
  await hooks.createMember({ email: pending, role: 'guest', status: 'pending' });

  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(deactivated, MEMBER_PASSWORD);
  await login.expectRefusal('Your access has been deactivated.');
  await login.signIn(pending, MEMBER_PASSWORD);
  await login.expectRefusal('waiting for an administrator’s approval');
});
