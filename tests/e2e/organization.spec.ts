import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/account';
import { MEMBER_PASSWORD, uniqueEmail, type AccountOwner } from './fixtures/pages';
import { openDialog, shot, signIn } from './fixtures/ui';

// Issue 16: Settings → Organization, its Departments and Teams tabs (groups follow).

async function createDepartment(page: Page, fields: { name: string; parent?: string; email?: string; phone?: string }) {
  const dialog = page.getByRole('dialog', { name: 'New department' });
  await openDialog(page.getByRole('button', { name: 'New department' }).first(), dialog);
  await dialog.getByLabel('Name').fill(fields.name);
  if (fields.parent) await dialog.getByLabel('Part of').selectOption({ label: fields.parent });
  if (fields.email) await dialog.getByLabel('Email (optional)').fill(fields.email);
  if (fields.phone) await dialog.getByLabel('Phone (optional)').fill(fields.phone);
  await dialog.getByRole('button', { name: 'Create department' }).click();
  return dialog;
}

test('an Owner builds a department tree: nested, validated, never a loop, and not deleted from under its children', async ({ page, owner }, testInfo) => {
  await signIn(page, owner);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organization' }).click();
  await expect(page).toHaveURL(/\/settings\/organization\/departments$/);
  await expect(page.getByTestId('departments-empty')).toContainText('No departments yet');

  let dialog = await createDepartment(page, { name: 'Sales', email: 'sales@example.com', phone: '+44 20 7946 0958' });
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Created the department “Sales”.')).toBeVisible();
  await expect(page.getByTestId('department-row').filter({ hasText: 'Sales' })).toBeVisible();
  dialog = await createDepartment(page, { name: 'EMEA', parent: 'Sales' });
  await expect(dialog).toBeHidden();
  const rows = page.getByTestId('department-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Sales');
  await expect(rows.nth(0)).toContainText('+442079460958');
  await expect(rows.nth(1)).toContainText('EMEA');

  // Bad input: a message on the field, the dialog stays open, nothing is created.
  dialog = await createDepartment(page, { name: 'sales', phone: '12345' });
  await expect(dialog.getByText(/international form/)).toBeVisible();
  await dialog.getByLabel('Phone (optional)').fill('');
  await dialog.getByRole('button', { name: 'Create department' }).click();
  await expect(dialog.getByText('That name is taken.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows).toHaveCount(2);

  // Sales cannot move under its own sub-department: the option is not offered.
  const edit = page.getByRole('dialog', { name: 'Edit “Sales”' });
  await openDialog(page.getByRole('button', { name: 'Edit Sales' }), edit);
  await expect(edit.getByRole('option', { name: 'EMEA' })).toBeDisabled();
  await shot(page, testInfo, 'department-edit-1280');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Search keeps a match's parents, so it stays in its place in the tree.
  await page.getByLabel('Search departments').fill('emea');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Search departments').fill('nothing like it');
  await expect(page.getByText('No department matches “nothing like it”.')).toBeVisible();
  await page.getByLabel('Search departments').fill('');
  await shot(page, testInfo, 'departments-1280');

  // A department with a sub-department is not deleted; its sub-department is.
  await page.getByRole('button', { name: 'Delete Sales' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('“Sales” has 1 sub-department: move or delete it first.')).toBeVisible();
  await page.getByRole('button', { name: 'Delete EMEA' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Deleted the department “EMEA”.')).toBeVisible();
  await expect(rows).toHaveCount(1);
});

test('an Owner creates, renames and deletes a team', async ({ page, owner }, testInfo) => {
  await signIn(page, owner);
  await page.goto('/settings/organization/teams');
  await expect(page.getByTestId('teams-empty')).toContainText('No teams yet');
  const dialog = page.getByRole('dialog', { name: 'New team' });
  await openDialog(page.getByRole('button', { name: 'New team' }), dialog);
  await dialog.getByLabel('Name').fill('Core');
  await dialog.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByText('Created the team “Core”.')).toBeVisible();
  const edit = page.getByRole('dialog', { name: 'Edit “Core”' });
  await openDialog(page.getByRole('button', { name: 'Edit Core' }), edit);
  await edit.getByLabel('Name').fill('Core platform');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('team-row')).toContainText('Core platform');
  await shot(page, testInfo, 'teams-1280');
  await page.getByRole('button', { name: 'Delete Core platform' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('teams-empty')).toBeVisible();
});

test('members are added through a picker that searches the account, listed, searched, exported and removed; a team names one of them responsible', async ({ page, owner, hooks }, testInfo) => {
  const tag = Math.random().toString(36).slice(2, 6);
  for (const firstName of ['Alma', 'Bruno', 'Cyra']) await hooks.createMember({ email: uniqueEmail(`${firstName.toLowerCase()}${tag}`), firstName, lastName: `Picker${tag}`, role: 'user' });
  await signIn(page, owner);
  await page.goto('/settings/organization/departments');
  await createDepartment(page, { name: 'Support' });
  await page.getByRole('link', { name: 'Support' }).click();
  await expect(page.getByRole('heading', { name: 'Support', level: 1 })).toBeVisible();
  await expect(page.getByTestId('structure-members-empty')).toBeVisible();

  const picker = page.getByRole('dialog', { name: 'Add members to Support' });
  await openDialog(page.getByRole('button', { name: 'Add members' }), picker);
  await picker.getByLabel('Search people to add').fill(`Picker${tag}`);
  await picker.getByLabel(`Pick Alma Picker${tag}`).check();
  await picker.getByLabel(`Pick Bruno Picker${tag}`).check();
  await expect(picker.getByTestId('picked')).toContainText(`Alma Picker${tag}, Bruno Picker${tag}`);
  await shot(page, testInfo, 'member-picker-1280');
  await picker.getByRole('button', { name: 'Add 2 members' }).click();
  await expect(page.getByText('Added 2 members to Support.')).toBeVisible();
  const members = page.getByTestId('structure-member');
  await expect(members).toHaveCount(2);

  await page.getByLabel('Search the members of Support').fill('bruno');
  await page.getByLabel('Search the members of Support').press('Enter');
  await expect(page).toHaveURL(/q=bruno/);
  await expect(members).toHaveCount(1);
  await page.getByLabel('Search the members of Support').fill('');
  await page.getByLabel('Search the members of Support').press('Enter');
  await expect(members).toHaveCount(2);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const csv = await (await download).path().then((path) => import('node:fs').then((fs) => fs.readFileSync(path!, 'utf8')));
  expect(csv).toContain('Name,Email');
  expect(csv).toContain(`Alma Picker${tag}`);
  await shot(page, testInfo, 'department-detail-1280');

  await page.getByRole('button', { name: `Remove Alma Picker${tag} from Support` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText(`Alma Picker${tag} left Support.`)).toBeVisible();
  await expect(members).toHaveCount(1);

  // A team: one of its members is made responsible; when they leave, the team says it has none.
  await page.goto('/settings/organization/teams');
  const newTeam = page.getByRole('dialog', { name: 'New team' });
  await openDialog(page.getByRole('button', { name: 'New team' }), newTeam);
  await newTeam.getByLabel('Name').fill('Helpdesk');
  await newTeam.getByRole('button', { name: 'Create team' }).click();
  await page.getByRole('link', { name: 'Helpdesk' }).click();
  const teamPicker = page.getByRole('dialog', { name: 'Add members to Helpdesk' });
  await openDialog(page.getByRole('button', { name: 'Add members' }), teamPicker);
  await teamPicker.getByLabel('Search people to add').fill(`Cyra Picker${tag}`);
  await teamPicker.getByLabel(`Pick Cyra Picker${tag}`).check();
  await teamPicker.getByRole('button', { name: 'Add 1 member' }).click();
  await page.getByRole('button', { name: `Make Cyra Picker${tag} responsible` }).click();
  await expect(page.getByTestId('team-responsible')).toContainText(`Cyra Picker${tag} is responsible for this team.`);
  await shot(page, testInfo, 'team-detail-1280');
  await page.getByRole('button', { name: `Remove Cyra Picker${tag} from Helpdesk` }).click();
  await expect(page.getByRole('alertdialog')).toContainText('no responsible person');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('team-responsible')).toContainText('No one is responsible');
});

test('a group carries a role: a member added to it holds it on their very next navigation, and loses it when removed', async ({ page, owner, hooks, browser }, testInfo) => {
  const tag = Math.random().toString(36).slice(2, 6);
  const member = { email: uniqueEmail(`grouped${tag}`), password: MEMBER_PASSWORD };
  await hooks.createMember({ email: member.email, password: member.password, firstName: 'Gina', lastName: `Grouped${tag}`, role: 'user' });
  // The member, signed in in a browser of their own: a User, no Users page in their menu.
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await signIn(theirPage, member);
  const theirMenu = theirPage.getByRole('navigation', { name: 'Main' });
  await expect(theirMenu.getByRole('link', { name: 'Users' })).toHaveCount(0);

  await signIn(page, owner);
  await page.goto('/settings/organization/groups');
  await expect(page.getByTestId('groups-empty')).toContainText('No groups yet');
  const dialog = page.getByRole('dialog', { name: 'New group' });
  await openDialog(page.getByRole('button', { name: 'New group' }), dialog);
  await dialog.getByLabel('Name').fill('People team');
  await dialog.getByLabel('Shared inbox (optional)').fill('people@example.com');
  await dialog.getByTestId('group-role-choices').getByLabel('Admin').check();
  await shot(page, testInfo, 'group-dialog-1280');
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByTestId('group-row')).toContainText('Admin');
  await page.getByRole('link', { name: 'People team' }).click();
  await expect(page.getByTestId('group-roles')).toHaveText('Admin');
  const picker = page.getByRole('dialog', { name: 'Add members to People team' });
  await openDialog(page.getByRole('button', { name: 'Add members' }), picker);
  await picker.getByLabel('Search people to add').fill(`Grouped${tag}`);
  await picker.getByLabel(`Pick Gina Grouped${tag}`).check();
  await picker.getByRole('button', { name: 'Add 1 member' }).click();
  await expect(page.getByText('Added 1 member to People team.')).toBeVisible();
  // "Why" draws the group at the start of the path.
  const memberId = (await page.getByRole('link', { name: `Gina Grouped${tag}` }).getAttribute('href'))!.split('/').pop()!;
  await page.goto(`/settings/roles/why?member=${memberId}&permission=users.manage`);
  await expect(page.getByTestId('why-path')).toContainText('People team (group)');
  await expect(page.getByTestId('why-roles')).toContainText('through the group People team');
  await shot(page, testInfo, 'why-through-group-1280');

  // Their very next navigation shows what the group's role opens.
  await theirPage.goto('/profile');
  await expect(theirMenu.getByRole('link', { name: 'Users' })).toBeVisible();
  expect((await theirPage.goto('/settings/users'))?.status()).toBe(200);

  // Deleting the group would take it away: the confirmation says who loses what.
  await page.goto('/settings/organization/groups');
  await page.getByRole('button', { name: 'Delete People team' }).click();
  await expect(page.getByRole('alertdialog')).toContainText(`Gina Grouped${tag}`);
  await shot(page, testInfo, 'group-delete-preview-1280');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

  // Removed from the group: gone on their next navigation.
  await page.getByRole('link', { name: 'People team' }).click();
  await page.getByRole('button', { name: `Remove Gina Grouped${tag} from People team` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText(`Gina Grouped${tag} left People team.`)).toBeVisible();
  await theirPage.goto('/profile');
  await expect(theirMenu.getByRole('link', { name: 'Users' })).toHaveCount(0);
  expect((await theirPage.goto('/settings/users'))?.status()).toBe(403);
  await theirs.close();
});

test('the user page’s Member of places someone in groups, teams (one primary) and departments, each applied at once', async ({ page, owner, hooks }, testInfo) => {
  const tag = Math.random().toString(36).slice(2, 6);
  const email = uniqueEmail(`placed${tag}`);
  await hooks.createMember({ email, firstName: 'Pia', lastName: `Placed${tag}`, role: 'user' });
  await signIn(page, owner);
  // Structures to pick from.
  await page.goto('/settings/organization/departments');
  await createDepartment(page, { name: 'Finance' });
  await page.goto('/settings/organization/teams');
  for (const teamName of ['Ledger', 'Audit']) {
    const dialog = page.getByRole('dialog', { name: 'New team' });
    await openDialog(page.getByRole('button', { name: 'New team' }).first(), dialog);
    await dialog.getByLabel('Name').fill(teamName);
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await expect(dialog).toBeHidden();
    // The list has refreshed (the empty state's New team is gone) before the next dialog opens.
    await expect(page.getByTestId('team-row').filter({ hasText: teamName })).toBeVisible();
  }
  await page.goto('/settings/organization/groups');
  const groupDialog = page.getByRole('dialog', { name: 'New group' });
  await openDialog(page.getByRole('button', { name: 'New group' }), groupDialog);
  await groupDialog.getByLabel('Name').fill('Reviewers');
  await groupDialog.getByTestId('group-role-choices').getByLabel('Admin').check();
  await groupDialog.getByRole('button', { name: 'Create group' }).click();
  await expect(groupDialog).toBeHidden();

  await page.goto('/settings/users');
  await page.getByRole('link', { name: `Pia Placed${tag}` }).click();
  const groups = page.getByTestId('member-of-groups');
  const addGroup = page.getByRole('dialog', { name: `Add Pia Placed${tag} to groups` });
  await openDialog(groups.getByRole('button', { name: 'Add to group' }), addGroup);
  await addGroup.getByLabel(/Reviewers/).check();
  await addGroup.getByRole('button', { name: 'Add to group' }).click();
  await expect(page.getByText(`Pia Placed${tag} joined Reviewers. They now hold Admin through it.`)).toBeVisible();
  await expect(groups).toContainText('Reviewers');
  // The Permissions widget counts what the group's role grants as theirs, and says where it comes from.
  const manageUsers = page.getByTestId('permission-row').filter({ hasText: 'Manage users' });
  await expect(manageUsers).toContainText('Granted by Reviewers (group)');
  await expect(manageUsers).toContainText('Allowed');

  const teams = page.getByTestId('member-of-teams');
  const addTeam = page.getByRole('dialog', { name: `Add Pia Placed${tag} to teams` });
  await openDialog(teams.getByRole('button', { name: 'Add to team' }), addTeam);
  await addTeam.getByLabel('Ledger').check();
  await addTeam.getByLabel('Audit').check();
  await addTeam.getByRole('button', { name: 'Add to teams' }).click();
  await expect(teams).toContainText('Ledger');
  await teams.getByRole('button', { name: 'Make Audit the primary team' }).click();
  await expect(teams.getByRole('button', { name: 'Audit is the primary team: unmark it' })).toBeVisible();
  await teams.getByRole('button', { name: 'Make Ledger the primary team' }).click();
  await expect(teams.getByRole('button', { name: 'Ledger is the primary team: unmark it' })).toBeVisible();
  await expect(teams.getByRole('button', { name: 'Make Audit the primary team' })).toBeVisible();

  const departments = page.getByTestId('member-of-departments');
  const addDepartment = page.getByRole('dialog', { name: `Add Pia Placed${tag} to departments` });
  await openDialog(departments.getByRole('button', { name: 'Add to department' }), addDepartment);
  await addDepartment.getByLabel('Finance').check();
  await addDepartment.getByRole('button', { name: 'Add to department' }).click();
  await expect(departments).toContainText('Finance');
  await shot(page, testInfo, 'member-of-1280');
  await departments.getByRole('button', { name: 'Remove from Finance' }).click();
  await expect(departments).toContainText('In no department.');
  await groups.getByRole('button', { name: 'Remove from Reviewers' }).click();
  await expect(page.getByText(`Pia Placed${tag} left Reviewers and no longer holds Admin through it.`)).toBeVisible();

  // Add user places a new person in a group (and so its roles) and a team from the start.
  await page.goto('/settings/users');
  const addUser = page.getByRole('dialog', { name: 'Add user' });
  await openDialog(page.getByRole('button', { name: 'Add user' }), addUser);
  await addUser.getByLabel('First name').fill('Quinn');
  await addUser.getByLabel('Last name').fill(`Grouped${tag}`);
  await addUser.getByLabel('Email').fill(uniqueEmail(`quinn${tag}`));
  await expect(addUser.getByTestId('add-user-groups')).toContainText('Reviewers');
  await addUser.getByTestId('add-user-groups').getByLabel('Reviewers').check();
  await addUser.getByLabel('Primary team (optional)').selectOption({ label: 'Audit' });
  await shot(page, testInfo, 'add-user-placement-1280');
  await addUser.getByRole('button', { name: 'Add user' }).click();
  await expect(addUser.getByText(/We’ve emailed Quinn/)).toBeVisible();
  await addUser.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('link', { name: `Quinn Grouped${tag}` }).click();
  await expect(page.getByTestId('member-of-groups')).toContainText('Reviewers');
  await expect(page.getByTestId('member-of-teams').getByRole('button', { name: 'Audit is the primary team: unmark it' })).toBeVisible();
});

test('the Users tab filters by department, team and group, combined, in the URL, and shows each member’s primary team', async ({ page, owner }, testInfo) => {
  const tag = Math.random().toString(36).slice(2, 6);
  await signIn(page, owner);
  await page.goto('/settings/organization/departments');
  await createDepartment(page, { name: 'Design' });
  await page.goto('/settings/organization/teams');
  const teamDialog = page.getByRole('dialog', { name: 'New team' });
  await openDialog(page.getByRole('button', { name: 'New team' }).first(), teamDialog);
  await teamDialog.getByLabel('Name').fill('Pixel');
  await teamDialog.getByRole('button', { name: 'Create team' }).click();
  await expect(teamDialog).toBeHidden();
  await page.goto('/settings/organization/groups');
  const groupDialog = page.getByRole('dialog', { name: 'New group' });
  await openDialog(page.getByRole('button', { name: 'New group' }), groupDialog);
  await groupDialog.getByLabel('Name').fill('Critique');
  await groupDialog.getByRole('button', { name: 'Create group' }).click();
  await expect(groupDialog).toBeHidden();

  // Two new people in Design: one also in Pixel (their primary team) and Critique, one in neither.
  await page.goto('/settings/users');
  const addUser = page.getByRole('dialog', { name: 'Add user' });
  for (const [firstName, placed] of [['Dana', true], ['Dora', false]] as const) {
    await openDialog(page.getByRole('button', { name: 'Add user' }), addUser);
    await addUser.getByLabel('First name').fill(firstName);
    await addUser.getByLabel('Last name').fill(`Filtered${tag}`);
    await addUser.getByLabel('Email').fill(uniqueEmail(`${firstName.toLowerCase()}${tag}`));
    await addUser.getByTestId('add-user-departments').getByLabel('Design').check();
    if (placed) {
      await addUser.getByTestId('add-user-groups').getByLabel('Critique').check();
      await addUser.getByLabel('Primary team (optional)').selectOption({ label: 'Pixel' });
    }
    await addUser.getByRole('button', { name: 'Add user' }).click();
    await addUser.getByRole('button', { name: 'Done' }).click();
  }

  const rows = page.getByTestId('users-table').locator('tbody tr');
  await page.getByLabel('Department').selectOption({ label: 'Design' });
  await expect(page).toHaveURL(/department=/);
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('users-range')).toHaveText('1–2 of 2');
  await expect(rows.filter({ hasText: `Dana Filtered${tag}` })).toContainText('Pixel');
  await page.getByLabel('Team').selectOption({ label: 'Pixel' });
  await expect(page).toHaveURL(/team=/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`Dana Filtered${tag}`);
  await page.getByLabel('Group').selectOption({ label: 'Critique' });
  await expect(page).toHaveURL(/group=/);
  await expect(rows).toHaveCount(1);
  await shot(page, testInfo, 'users-structure-filters-1280');

  // The filters survive a reload, and the back button undoes the last one.
  await page.reload();
  await expect(page.getByLabel('Department')).toHaveValue(/.+/);
  await expect(page.getByLabel('Team')).toHaveValue(/.+/);
  await expect(rows).toHaveCount(1);
  await page.goBack();
  await expect(page).not.toHaveURL(/group=/);
  await page.goBack();
  await expect(page).not.toHaveURL(/team=/);
  await expect(rows).toHaveCount(2);

  // Clear filters brings everyone back.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/department=/);
  await expect(rows.filter({ hasText: owner.email })).toHaveCount(1);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByLabel('Team').selectOption({ label: 'Pixel' });
  await expect(rows).toHaveCount(1);
  await shot(page, testInfo, 'users-structure-filters-360');
});

test('a structure’s members page pages by 50, forward and back', async ({ page, owner, hooks }, testInfo) => {
  const tag = Math.random().toString(36).slice(2, 6);
  const names = Array.from({ length: 52 }, (_, i) => `Page${tag}${String(i).padStart(2, '0')}`);
  for (const firstName of names) await hooks.createMember({ email: uniqueEmail(firstName.toLowerCase()), firstName, lastName: 'Paged', role: 'user' });
  await signIn(page, owner);
  await page.goto('/settings/organization/departments');
  await createDepartment(page, { name: 'Archive' });
  await page.getByRole('link', { name: 'Archive' }).click();
  const picker = page.getByRole('dialog', { name: 'Add members to Archive' });
  await openDialog(page.getByRole('button', { name: 'Add members' }), picker);
  // The picker shows ten people per search; picks are kept from one search to the next.
  for (let ten = 0; ten <= 5; ten += 1) {
    await picker.getByLabel('Search people to add').fill(`page${tag}${ten}`);
    for (const name of names.slice(ten * 10, ten * 10 + 10)) await picker.getByLabel(`Pick ${name} Paged`).check();
  }
  await picker.getByRole('button', { name: 'Add 52 members' }).click();
  await expect(page.getByText('Added 52 members to Archive.')).toBeVisible();
  const members = page.getByTestId('structure-member');
  await expect(members).toHaveCount(50);
  await expect(page.getByTestId('structure-members-range')).toHaveText('1–50 of 52');
  await expect(members.first()).toContainText(names[0]!);
  await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(members).toHaveCount(2);
  await expect(page.getByTestId('structure-members-range')).toHaveText('51–52 of 52');
  await expect(members.last()).toContainText(names[51]!);
  await shot(page, testInfo, 'structure-members-page-2-1280');
  await page.getByRole('link', { name: 'Previous page' }).click();
  await expect(members).toHaveCount(50);
  await expect(page.getByTestId('structure-members-range')).toHaveText('1–50 of 52');
  // A search starts again at the first page of its matches.
  await page.getByLabel('Search the members of Archive').fill(`page${tag}5`);
  await page.getByLabel('Search the members of Archive').press('Enter');
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(members).toHaveCount(2);
});

test('a User is refused Organization, and does not see it in the menu', async ({ page, hooks }) => {
  const user = { email: uniqueEmail('org-user'), password: MEMBER_PASSWORD };
  await hooks.createMember({ email: user.email, password: user.password, role: 'user' });
  await signIn(page, user);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organization' })).toHaveCount(0);
  const response = await page.goto('/settings/organization/departments');
  expect(response?.status()).toBe(403);
  await expect(page.getByText('groups.manage')).toBeVisible();
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the departments page and its dialog fit', async ({ page, owner }: { page: Page; owner: AccountOwner }, testInfo) => {
    await signIn(page, owner);
    await page.goto('/settings/organization/departments');
    const dialog = await createDepartment(page, { name: 'Customer success and long-named support operations' });
    await expect(dialog).toBeHidden();
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(fits, 'the page is wider than the phone').toBe(true);
    await shot(page, testInfo, 'departments-360');
    const newDialog = page.getByRole('dialog', { name: 'New department' });
    await openDialog(page.getByRole('button', { name: 'New department' }), newDialog);
    // The dialog and everything in it fit: a long department name in the parent list must not widen it.
    for (const part of [newDialog, newDialog.getByLabel('Part of'), newDialog.getByRole('button', { name: 'Create department' }), newDialog.getByLabel('Phone (optional)')]) {
      const box = await part.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    }
    expect(await newDialog.evaluate((element) => element.scrollWidth <= element.clientWidth), 'the dialog scrolls sideways').toBe(true);
    await shot(page, testInfo, 'department-dialog-360');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Customer success and long-named support operations' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const picker = page.getByRole('dialog', { name: /^Add members to/ });
    await openDialog(page.getByRole('button', { name: 'Add members' }), picker);
    const box = await picker.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'the page is wider than the phone').toBe(true);
    await shot(page, testInfo, 'member-picker-360');
    await page.keyboard.press('Escape');

    // Add user and the invite dialog now offer the departments, and still fit the phone.
    await page.goto('/settings/users');
    const addUser = page.getByRole('dialog', { name: 'Add user' });
    await openDialog(page.getByRole('button', { name: 'Add user' }), addUser);
    await expect(addUser.getByTestId('add-user-departments')).toContainText('Customer success and long-named support operations');
    const addBox = await addUser.boundingBox();
    expect(addBox!.x + addBox!.width).toBeLessThanOrEqual(360);
    expect(await addUser.evaluate((element) => element.scrollWidth <= element.clientWidth), 'Add user scrolls sideways').toBe(true);
    await shot(page, testInfo, 'add-user-departments-360');
    await page.keyboard.press('Escape');
    await page.goto('/settings/invites');
    const invite = page.getByRole('dialog', { name: 'Send invitations' });
    await openDialog(page.getByRole('button', { name: 'Invite', exact: true }), invite);
    await expect(invite.getByTestId('invite-departments')).toContainText('Customer success and long-named support operations');
    expect(await invite.evaluate((element) => element.scrollWidth <= element.clientWidth), 'the invite dialog scrolls sideways').toBe(true);
  });
});
