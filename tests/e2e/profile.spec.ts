import type { Browser } from '@playwright/test';
import { deflateSync } from 'node:zlib';
import { expect, test } from './fixtures/account';
import { AppShell, LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';
import { lastTextMessageTo, ProfilePage } from './fixtures/profile-pages';

async function signedIn(browser: Browser, email: string, password: string) {
  const page = await (await browser.newContext()).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/** A small solid-colour PNG, written by hand so the test needs no image library. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0).map((_, index) => [40, 120, 200][index % 3]!)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

test('a member edits their profile: the new name shows in the sidebar and on the Users tab; markup stays text', async ({ browser, owner, hooks }) => {
  const email = uniqueEmail('profile-edit');
  const tag = Math.random().toString(36).slice(2, 8);
  await hooks.createMember({ email, firstName: 'Pat', role: 'guest' });
  const page = await signedIn(browser, email, MEMBER_PASSWORD);
  const profile = new ProfilePage(page);
  await profile.goto();

  await profile.saveDetails({ firstName: '', lastName: 'Quill' });
  await expect(page.getByText('Enter a first name.').first()).toBeVisible();

  const description = 'Hello <img src=x onerror="document.title=\'owned\'"> <script>document.title="owned"</script>';
  await profile.saveDetails({ firstName: `Patricia${tag}`, lastName: 'Quill', description });
  await expect(page.getByTestId('user-name')).toHaveText(`Patricia${tag} Quill`);
  await expect(profile.summaryName()).toHaveText(`Patricia${tag} Quill`);
  await expect(profile.summaryDescription()).toHaveText(description);
  await expect(profile.summaryDescription().locator('img, script')).toHaveCount(0);
  expect(await page.title()).not.toBe('owned');

  // Still there on the next navigation.
  await page.reload();
  await expect(page.getByTestId('user-name')).toHaveText(`Patricia${tag} Quill`);

  const ownerPage = await signedIn(browser, owner.email, owner.password);
  await ownerPage.goto(`/settings/users?q=Patricia${tag}`);
  await expect(ownerPage.getByTestId('users-table')).toContainText(`Patricia${tag} Quill`);
  await page.context().close();
  await ownerPage.context().close();
});

test('a member uploads an avatar and sees it on the profile, in the user menu and on the Users tab; a disguised file is refused', async ({ browser, owner, hooks }) => {
  const email = uniqueEmail('profile-avatar');
  await hooks.createMember({ email, firstName: 'Ava', role: 'user' });
  const page = await signedIn(browser, email, MEMBER_PASSWORD);
  const profile = new ProfilePage(page);
  await profile.goto();
  await expect(page.getByTestId('profile-summary').getByTestId('avatar-initials')).toHaveText('A');

  await profile.uploadAvatar({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text, not a picture') });
  await expect(profile.avatarError()).toContainText('Upload a PNG, JPEG or WebP image');

  await profile.uploadAvatar({ name: 'me.png', mimeType: 'image/png', buffer: png(400, 300) });
  await profile.expectAvatarLoaded();
  await profile.expectAvatarLoaded(page.getByRole('button', { name: /^User menu for/ }));
  await expect(profile.avatarError()).toBeEmpty();

  // An admin sees the picture beside the name on the Users tab and on the user's page.
  const ownerPage = await signedIn(browser, owner.email, owner.password);
  await ownerPage.goto(`/settings/users?q=${encodeURIComponent(email)}`);
  const row = ownerPage.getByRole('row').filter({ hasText: email });
  await new ProfilePage(ownerPage).expectAvatarLoaded(row);
  await row.getByRole('link', { name: /Ava/ }).click();
  await new ProfilePage(ownerPage).expectAvatarLoaded(ownerPage.locator('main header'));
  await ownerPage.context().close();

  await page.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('profile-summary').getByTestId('avatar-initials')).toBeVisible();
  await page.context().close();
});

test('changing the password ends the member’s other session and keeps this one', async ({ browser, hooks }) => {
  // Four sign-ins and two password hashes: argon2 is slow on purpose, and the machine may be shared.
  test.slow();
  const email = uniqueEmail('profile-password');
  await hooks.createMember({ email, firstName: 'Cal', role: 'user' });
  const laptop = await signedIn(browser, email, MEMBER_PASSWORD);
  const phone = await signedIn(browser, email, MEMBER_PASSWORD);

  const profile = new ProfilePage(laptop);
  await profile.goto();
  await expect(profile.sessions().getByRole('row')).toHaveCount(3);
  await expect(profile.sessions()).toContainText('This device');

  await profile.changePassword('not the password', 'amber glacier pocket thistle');
  await expect(laptop.getByText('This is not your current password.')).toBeVisible();

  await profile.changePassword(MEMBER_PASSWORD, 'amber glacier pocket thistle');
  await expect(laptop.getByText(/Your password is changed\. 1 other session was signed out\./)).toBeVisible();
  await expect(profile.sessions().getByRole('row')).toHaveCount(2);

  await phone.reload();
  await expect(phone).toHaveURL(/\/login\?.*reason=password_changed/);
  await expect(phone.getByText('Your password was changed. Sign in with the new one.')).toBeVisible();

  await laptop.reload();
  await expect(laptop.getByRole('heading', { name: 'My profile', level: 1 })).toBeVisible();
  await new AppShell(laptop).signOut();
  await new LoginPage(laptop).signIn(email, 'amber glacier pocket thistle');
  await expect(laptop).not.toHaveURL(/\/login/);
  await laptop.context().close();
  await phone.context().close();
});

test('a member verifies their phone with the texted code, and only then may choose SMS notifications', async ({ browser, request, hooks }) => {
  const email = uniqueEmail('profile-phone');
  await hooks.createMember({ email, firstName: 'Phoebe', role: 'guest' });
  const page = await signedIn(browser, email, MEMBER_PASSWORD);
  const profile = new ProfilePage(page);
  await profile.goto();

  await profile.savePhone('020 7946 0958');
  await expect(page.getByText('Enter the number in international form').first()).toBeVisible();
  await profile.savePhone('+44 20 7946 0958');
  await expect(profile.phoneStatus()).toContainText('+44 20 7946 0958 is not verified yet');
  await expect(profile.smsChoice('Tasks assigned to me')).toBeDisabled();
  await expect(page.getByTestId('sms-locked')).toBeVisible();

  await profile.phoneStatus().getByRole('button', { name: 'Send a code' }).click();
  await expect(profile.phoneStatus()).toContainText('No text-message provider is set up on this server');
  const code = (await lastTextMessageTo(request, '+442079460958')).slice(0, 6);
  await profile.verifyPhone(code === '000000' ? '111111' : '000000');
  await expect(page.getByText('That code is not right. 4 tries left.').first()).toBeVisible();
  await profile.verifyPhone(code);
  await expect(profile.phoneStatus()).toContainText('+44 20 7946 0958 is verified.');

  await profile.smsChoice('Tasks assigned to me').check();
  await page.getByRole('button', { name: 'Save notifications' }).click();
  await expect(page.getByText('Your notification choices are saved.')).toBeVisible();
  await page.reload();
  await expect(profile.smsChoice('Tasks assigned to me')).toBeChecked();
  await page.context().close();
});
