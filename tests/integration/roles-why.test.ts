import { beforeAll, describe, expect, it } from 'vitest';
import { createRoleAction } from '@/app/(app)/settings/roles/actions';
import { GET as membersRoute } from '@/app/(app)/settings/roles/why/members/route';
import { readRoute } from '../support/read-route';

const searchMembers = (query: { q: string }) => readRoute(membersRoute, '/settings/roles/why/members', query);
import { setMemberOverridesAction, setMemberRolesAction } from '@/app/(app)/settings/users/actions';
import { getMemberAccess } from '@/lib/access/process-cache';
import { getMemberAccessView, listAccountPrivileges } from '@/lib/dal/roles/explain-member-access';
import { navFor } from '@/lib/navigation';
import { actAs } from '../support/acting-as';
import { actorOf } from '../support/actors';
import { withTestAuthSecret } from '../support/auth-secret';
import { createAccount, createMember, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestAuthSecret();
withTestDatabase();

let account: Account;
let owner: Member;
let plainUser: Member;
let sam: Member;
let salesId: string;
let closerId: string;

beforeAll(async () => {
  account = await createAccount('Why Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  plainUser = await createMember(account.accountId, { role: 'user', firstName: 'Uma' });
  sam = await createMember(account.accountId, { firstName: 'Samantha' });
  await actAs(owner.email);
  const sales = await createRoleAction({ name: 'Salesperson', baseRoleId: account.roleIds.user, permissions: ['insight.view'], privileges: 'report.export' });
  if (!sales.ok) throw new Error(sales.message);
  salesId = sales.data.id;
  const closer = await createRoleAction({ name: 'Closer', baseRoleId: salesId, permissions: ['crm.delete'] });
  if (!closer.ok) throw new Error(closer.message);
  closerId = closer.data.id;
  await setMemberRolesAction({ membershipId: sam.membershipId, roleIds: [closerId] });
  await setMemberOverridesAction({ membershipId: sam.membershipId, hiddenModules: ['mail'], denies: ['forms.view'] });
});

describe('why and view as', () => {
  it('explains a permission by the path from the member’s role down to the role that grants it', async () => {
    const view = await getMemberAccessView(actorOf(owner), sam.membershipId, 'insight.view');
    expect(view.member).toMatchObject({ name: 'Samantha Person', roles: [{ id: closerId, name: 'Closer', chain: ['Closer', 'Salesperson', 'User'] }] });
    expect(view.explained).toMatchObject({
      kind: 'permission',
      text: 'Granted by Closer ← Salesperson',
      explanation: { granted: true, source: 'role', path: [{ id: closerId }, { id: salesId }] },
    });
    expect((await getMemberAccessView(actorOf(owner), sam.membershipId, 'report.export')).explained).toMatchObject({ kind: 'privilege', explanation: { granted: true } });
    expect((await getMemberAccessView(actorOf(owner), sam.membershipId, 'forms.view')).explained).toMatchObject({ explanation: { granted: false, source: 'deny-override' } });
    expect((await getMemberAccessView(actorOf(owner), sam.membershipId, 'webchat.manage')).explained).toMatchObject({ explanation: { granted: false, source: 'none' } });
  });

  it('shows the navigation the member gets (as navFor gives it) and why the rest is missing', async () => {
    const view = await getMemberAccessView(actorOf(owner), sam.membershipId);
    expect(view.explained).toBeNull();
    const shown = view.navigation.filter((item) => item.shown).map((item) => item.href);
    expect(shown).toEqual(navFor(await getMemberAccess(account.accountId, sam.membershipId)).map((item) => item.href));
    expect(shown).toContain('/insight');
    expect(view.navigation.find((item) => item.href === '/mail')).toMatchObject({ shown: false, reason: 'Blocked: module hidden for this user' });
    expect(view.navigation.find((item) => item.href === '/settings/users')).toMatchObject({ shown: false, reason: 'Not granted by any role' });
    expect(view.modules.find((module) => module.key === 'mail')).toMatchObject({ state: 'hidden' });
    expect(view.modules.find((module) => module.key === 'forms')).toMatchObject({ state: 'denied' });
    expect(view.modules.find((module) => module.key === 'crm')).toMatchObject({ state: 'open', reason: 'Granted by Closer ← Salesperson ← User' });
    expect(view.overrides).toEqual({ grants: [], denies: ['forms.view'], hiddenModules: ['mail'] });
  });

  it('finds members by name or email within the account, and offers the account’s custom privileges', async () => {
    const other = await createAccount('Why Not Ltd');
    await createMember(other.accountId, { firstName: 'Samantha' });
    await actAs(owner.email);
    const found = await searchMembers({ q: 'samantha' });
    expect(found).toMatchObject({ ok: true, data: [{ membershipId: sam.membershipId, name: 'Samantha Person' }] });
    expect(await searchMembers({ q: sam.email.slice(0, 10) })).toMatchObject({ ok: true, data: [{ membershipId: sam.membershipId }] });
    // LIKE wildcards are matched literally.
    expect(await searchMembers({ q: '%' })).toEqual({ ok: true, data: [] });
    expect(await listAccountPrivileges(actorOf(owner))).toEqual(['report.export']);
  });

  it('refuses a member without roles.manage or users.manage, and another account’s member looks like nobody', async () => {
    const other = await createAccount('Far Away Ltd');
    const stranger = await createMember(other.accountId);
    await expect(getMemberAccessView(actorOf(owner), stranger.membershipId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getMemberAccessView(actorOf(plainUser), sam.membershipId, 'crm.view')).rejects.toMatchObject({ code: 'forbidden' });
    await actAs(plainUser.email);
    expect(await searchMembers({ q: 'sam' })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
