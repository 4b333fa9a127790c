import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { dayLabel, isoDay, LeaveApprovalsPage, ProfileWorkPage, WhosAwayCard } from './fixtures/leave-pages';
import { LoginPage, MEMBER_PASSWORD, uniqueEmail } from './fixtures/pages';

async function signIn(page: Page, email: string) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, MEMBER_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
}

const uniqueName = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 6)}`;

test('a member requests leave, an Admin approves it, and the team sees them away with their return date', async ({ page, browser, hooks }) => {
  const memberName = uniqueName('Leah');
  const memberEmail = uniqueEmail('leave');
  const adminEmail = uniqueEmail('approver');
  await hooks.createMember({ email: memberEmail, firstName: memberName, role: 'user' });
  await hooks.createMember({ email: adminEmail, firstName: uniqueName('Abe'), role: 'admin' });

  // The member asks for today and the next two days.
  await signIn(page, memberEmail);
  await expect(page.getByRole('link', { name: 'Leave requests' })).toHaveCount(0);
  expect((await page.goto('/leave'))?.status()).toBe(403);
  const profile = new ProfileWorkPage(page);
  await profile.goto();
  await profile.requestLeave(isoDay(0), isoDay(2), 'Moving house');
  await expect(page.getByText(/^Leave requested:/)).toBeVisible();
  await expect(profile.myLeave().getByRole('listitem').first()).toContainText('Waiting for approval');

  // An Admin approves it from the approvals page in the sidebar.
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, adminEmail);
  const approvals = new LeaveApprovalsPage(adminPage);
  await approvals.openFromSidebar();
  await expect(approvals.request(memberName)).toContainText('Moving house');
  await approvals.approve(memberName, 'Good luck with the move');
  await expect(adminPage.getByText(`${memberName}’s leave`)).toBeVisible();
  await expect(approvals.request(memberName)).toHaveCount(0);

  // The team view on the dashboard shows the member away, back the day after.
  await adminPage.goto('/dashboard');
  const team = new WhosAwayCard(adminPage);
  await expect(team.awayToday().getByRole('listitem').filter({ hasText: memberName })).toContainText(`back on ${dayLabel(isoDay(3))}`);

  // The member sees the decision on their profile.
  await profile.goto();
  await expect(profile.myLeave().getByRole('listitem').first()).toContainText('Approved');
  await expect(profile.myLeave()).toContainText('Good luck with the move');
  await adminPage.context().close();
});

test('the schedule editor shows an overlap beside its day, and saves once it is fixed', async ({ page, hooks }) => {
  const email = uniqueEmail('hours');
  await hooks.createMember({ email, firstName: uniqueName('Hugo'), role: 'user' });
  await signIn(page, email);
  const profile = new ProfileWorkPage(page);
  await profile.goto();

  await profile.addHours('Monday');
  await profile.addHours('Monday');
  await expect(profile.interval('Monday', 1, 'start')).toHaveValue('09:00');
  await profile.interval('Monday', 2, 'start').fill('16:00');
  await profile.interval('Monday', 2, 'end').fill('19:00');
  await profile.saveSchedule();
  await expect(profile.day(0).getByText('09:00–17:00 overlaps 16:00–19:00.')).toBeVisible();
  await expect(profile.interval('Monday', 2, 'start')).toHaveAttribute('aria-invalid', 'true');

  await profile.interval('Monday', 2, 'start').fill('17:30');
  await page.getByRole('button', { name: 'Copy Monday’s hours to every weekday' }).click();
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await profile.saveSchedule();
  await expect(page.getByText('Your work schedule is saved.')).toBeVisible();
  await page.reload();
  await expect(profile.interval('Friday', 2, 'start')).toHaveValue('17:30');
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
});
