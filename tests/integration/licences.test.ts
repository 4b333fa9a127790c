import { and, asc, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, licencePools, membershipLicences } from '@/db/schema';
import { hasPermission } from '@/lib/access/catalogue';
import { getMemberAccess } from '@/lib/access/process-cache';
import { setClockOffset } from '@/lib/clock';
import { bulkSetLicence, listMemberLicences, setMemberLicence } from '@/lib/dal/licences/assignments';
import { createLicencePool, deleteLicencePool, getLicencePool, listLicencePools, previewLicenceDeletion, updateLicencePool } from '@/lib/dal/licences/pools';
import { changeMemberStatus } from '@/lib/dal/members/change-member-status';
import { deleteMember } from '@/lib/dal/members/delete-member';
import { setMemberOverrides, setMemberRoles } from '@/lib/dal/members/set-member-access';
import { describeCell, GRANTED } from '@/app/(app)/settings/roles/matrix/_components/cell-state';
import { getMemberAccessView } from '@/lib/dal/roles/explain-member-access';
import { getRoleMatrix } from '@/lib/dal/roles/get-role-matrix';
import { createRole } from '@/lib/dal/roles/save-role';
import { createRoleSchema } from '@/lib/validation/access';
import { licencePoolInputSchema } from '@/lib/validation/licences';
import { actorOf } from '../support/actors';
import { createAccount, createMember } from '../support/factories';
import { MEMBER_QUERY_TUNING } from '@/lib/dal/members/search/plan-query';
import { parseMemberQuery } from '@/lib/validation/members';
import { bitmapOnly, pageThrough, walkOnly } from '../support/member-pages';
import { GET as exportSeats } from '@/app/(app)/settings/licences/export/route';
import { actAs } from '../support/acting-as';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();
afterEach(() => setClockOffset(0));

const pool = (extra: Record<string, unknown> = {}) => licencePoolInputSchema.parse({ key: 'crm.pro', name: 'CRM Pro', seats: 2, modules: ['crm'], ...extra });
const holds = async (member: { accountId: string; membershipId: string }, name: Parameters<typeof hasPermission>[1]) =>
  hasPermission(await getMemberAccess(member.accountId, member.membershipId), name);
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { code?: string; message: string; fieldErrors?: Record<string, string> }) => error);

async function setUp() {
  const account = await createAccount();
  const ownerMember = await createMember(account.accountId, { role: 'owner', firstName: 'Olive' });
  const owner = actorOf(ownerMember, 'Olive Owner');
  const adminMember = await createMember(account.accountId, { role: 'admin', firstName: 'Adam' });
  const admin = actorOf(adminMember, 'Adam Admin');
  const ada = await createMember(account.accountId, { firstName: 'Ada' });
  const bob = await createMember(account.accountId, { firstName: 'Bob' });
  return { account, owner, ownerMember, admin, adminMember, ada, bob };
}

async function auditOf(accountId: string, action: string) {
  const db = await getDb();
  return db.select({ targetId: auditLog.targetId, after: auditLog.after, before: auditLog.before }).from(auditLog).where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, action))).orderBy(asc(auditLog.id));
}

describe('licence pools (issue 17)', () => {
  it('creating a pool gates what it unlocks at once: only seat holders keep it, on their very next request', async () => {
    const { account, admin, ada, bob } = await setUp();
    expect(await holds(ada, 'crm.view')).toBe(true);
    const { id } = await createLicencePool(admin, pool());
    expect(await holds(ada, 'crm.view')).toBe(false);
    expect(await holds(ada, 'crm.create')).toBe(false);
    expect(await holds(ada, 'tasks.view')).toBe(true);
    expect(await setMemberLicence(admin, ada.membershipId, id, true)).toEqual({ changed: true });
    expect(await holds(ada, 'crm.view')).toBe(true);
    expect(await holds(bob, 'crm.view')).toBe(false);
    // Why says so.
    const view = await getMemberAccessView(admin, bob.membershipId, 'crm.view');
    expect(view.explained?.text).toBe('CRM Pro licence needed');
    expect(view.modules.find((module) => module.key === 'crm')).toMatchObject({ state: 'unlicensed', reason: 'CRM Pro licence needed' });
    // Revoked: gone on the next request.
    expect(await setMemberLicence(admin, ada.membershipId, id, false)).toEqual({ changed: true });
    expect(await holds(ada, 'crm.view')).toBe(false);
    const [listed] = await listLicencePools(admin);
    expect(listed).toMatchObject({ id, key: 'crm.pro', name: 'CRM Pro', seats: 2, used: 0, modules: ['crm'], notices: [] });
    expect((await auditOf(account.accountId, 'licence.granted')).map((entry) => entry.targetId)).toEqual([ada.membershipId]);
    expect((await auditOf(account.accountId, 'licence.revoked')).map((entry) => entry.targetId)).toEqual([ada.membershipId]);
    expect(await auditOf(account.accountId, 'licence.created')).toHaveLength(1);
  });

  it('an override grant does not hand out a licensed module, and an Admin without a seat still administers roles that open it', async () => {
    const { account, owner, admin, ada } = await setUp();
    await createLicencePool(admin, pool({ modules: ['insight'], key: 'insight', name: 'Insight' }));
    await setMemberOverrides(admin, { membershipId: ada.membershipId, grants: ['insight.view'], denies: [], hiddenModules: [] });
    expect(await holds(ada, 'insight.view')).toBe(false);
    // The Admin has no seat: Insight is closed to them, yet they may still give a role that opens it.
    expect(await holds(actorOf(admin), 'insight.view')).toBe(false);
    const role = await createRole(owner, createRoleSchema.parse({ name: 'Analyst', baseRoleId: account.roleIds.user, permissions: ['insight.view'] }));
    await setMemberRoles(admin, ada.membershipId, [role.id]);
    // The matrix lets them change it, and its tooltip names the licence.
    const row = (await getRoleMatrix(admin)).rows.find((candidate) => candidate.name === 'insight.view')!;
    expect(row).toMatchObject({ changeable: true, licences: ['Insight'] });
    expect(describeCell(GRANTED, [], { name: 'Analyst' }, row, null)).toBe('Analyst: Open Insight — granted by this role; Insight licence needed to use it');
    expect((await getRoleMatrix(admin)).rows.find((candidate) => candidate.name === 'crm.view')?.licences).toBeUndefined();
  });

  it('the last seat under concurrency: two admins at once get one success and one “no seat left”', async () => {
    const { owner, admin, ada, bob } = await setUp();
    const { id } = await createLicencePool(owner, pool({ seats: 1 }));
    const results = await Promise.allSettled([setMemberLicence(owner, ada.membershipId, id, true), setMemberLicence(admin, bob.membershipId, id, true)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.message).toMatch(/^No seat left in CRM Pro \(1 of 1 in use\)/);
    const db = await getDb();
    const [row] = await db.select({ used: licencePools.used }).from(licencePools).where(eq(licencePools.id, id));
    expect(row?.used).toBe(1);
    const [{ held } = { held: 0 }] = await db.select({ held: sql<number>`count(*)::int` }).from(membershipLicences).where(eq(membershipLicences.poolId, id));
    expect(held).toBe(1);
  });

  it('the database refuses more holders than seats, whoever writes', async () => {
    const { account, admin, ada, bob } = await setUp();
    const { id } = await createLicencePool(admin, pool({ seats: 1 }));
    const db = await getDb();
    await db.insert(membershipLicences).values({ poolId: id, membershipId: ada.membershipId, accountId: account.accountId });
    await expect(db.insert(membershipLicences).values({ poolId: id, membershipId: bob.membershipId, accountId: account.accountId })).rejects.toThrow();
    // A member's deletion gives the seat back (deactivated first, as deletion asks).
    await changeMemberStatus(admin, ada.membershipId, 'deactivate');
    await deleteMember(admin, ada.membershipId);
    const [row] = await db.select({ used: licencePools.used }).from(licencePools).where(eq(licencePools.id, id));
    expect(row?.used).toBe(0);
  });

  it('bulk: the members beyond the seats are refused one by one, the others get theirs', async () => {
    const { account, admin, ada, bob } = await setUp();
    const cy = await createMember(account.accountId, { firstName: 'Cy' });
    const { id } = await createLicencePool(admin, pool({ seats: 2 }));
    await setMemberLicence(admin, ada.membershipId, id, true);
    const result = await bulkSetLicence(admin, [ada.membershipId, bob.membershipId, cy.membershipId], id, true);
    expect(result).toEqual({ changed: ['Bob Person'], unchanged: ['Ada Person'], refused: [{ name: 'Cy Person', reason: 'No seat left.' }] });
    expect(await bulkSetLicence(admin, [ada.membershipId, bob.membershipId, cy.membershipId], id, false)).toEqual({ changed: ['Ada Person', 'Bob Person'], unchanged: ['Cy Person'], refused: [] });
  });

  it('seats below those held are refused, naming how many to revoke', async () => {
    const { admin, ada, bob } = await setUp();
    const { id } = await createLicencePool(admin, pool({ seats: 3 }));
    await setMemberLicence(admin, ada.membershipId, id, true);
    await setMemberLicence(admin, bob.membershipId, id, true);
    const error = await refusal(updateLicencePool(admin, id, { seats: 1 }));
    expect(error).toMatchObject({ code: 'conflict', message: '2 seats are held: revoke 1 first, or keep at least 2 seats.' });
    expect((await getLicencePool(admin, id)).seats).toBe(3);
    expect(await updateLicencePool(admin, id, { seats: 2 })).toEqual({ changed: true });
    expect(await listMemberLicences(admin, ada.membershipId)).toEqual([
      expect.objectContaining({ poolId: id, held: true, seats: 2, used: 2, unlocks: ['CRM'], mayChange: true, ended: false }),
    ]);
  });

  it('a pool whose end passes stops unlocking on the next request; the page flags pools that end soon or are full', async () => {
    const { admin, ada } = await setUp();
    const { id } = await createLicencePool(admin, pool({ seats: 1, endsAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }));
    await setMemberLicence(admin, ada.membershipId, id, true);
    expect(await holds(ada, 'crm.view')).toBe(true);
    expect((await listLicencePools(admin))[0]?.notices).toEqual(['ending', 'full']);
    setClockOffset(10 * 86_400_000 + 1_000);
    expect(await holds(ada, 'crm.view')).toBe(false);
    expect((await listLicencePools(admin))[0]?.notices).toEqual(['ended', 'full']);
    expect((await getMemberAccessView(admin, ada.membershipId, 'crm.view')).explained?.text).toBe('CRM Pro licence needed (the one held has ended)');
    // An ended pool gives no new seats.
    const error = await refusal(setMemberLicence(admin, (await createMember(ada.accountId)).membershipId, id, true));
    expect(error?.message).toMatch(/No seat left|has ended/);
  });

  it('bad input and other accounts: clear refusals, nothing written', async () => {
    const { admin, ada } = await setUp();
    const other = await setUp();
    const { id } = await createLicencePool(admin, pool());
    const theirs = await createLicencePool(other.admin, pool());
    // Another account's pool or member is not found.
    expect(await refusal(setMemberLicence(admin, ada.membershipId, theirs.id, true))).toMatchObject({ code: 'not_found' });
    expect(await refusal(setMemberLicence(admin, other.ada.membershipId, id, true))).toMatchObject({ code: 'not_found' });
    expect(await refusal(getLicencePool(admin, theirs.id))).toMatchObject({ code: 'not_found' });
    expect(await refusal(updateLicencePool(admin, theirs.id, { seats: 9 }))).toMatchObject({ code: 'not_found' });
    expect(await refusal(deleteLicencePool(admin, theirs.id))).toMatchObject({ code: 'not_found' });
    expect((await getLicencePool(other.admin, theirs.id)).seats).toBe(2);
    // The same key or name in one account is refused per field; in another account it is fine (above).
    expect(await refusal(createLicencePool(admin, pool({ name: 'Other' })))).toMatchObject({ code: 'conflict', fieldErrors: { key: 'This product key is taken in this account.' } });
    expect(await refusal(createLicencePool(admin, pool({ key: 'other', name: 'crm pro' })))).toMatchObject({ code: 'conflict', fieldErrors: { name: 'This name is taken in this account.' } });
    // A deactivated member gets no licence.
    await changeMemberStatus(admin, ada.membershipId, 'deactivate');
    expect(await refusal(setMemberLicence(admin, ada.membershipId, id, true))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/deactivated/) });
    // Validation: a past end, an unknown permission, an administrative one, nothing unlocked.
    const issues = (input: Record<string, unknown>) => licencePoolInputSchema.safeParse({ key: 'x', name: 'X', seats: 1, modules: ['crm'], ...input }).error?.issues.map((issue) => issue.message);
    expect(issues({ endsAt: new Date(Date.now() - 1000).toISOString() })).toEqual(['The end date must lie in the future.']);
    expect(issues({ permissions: ['crm.fly'] })).toEqual(['Unknown permission: crm.fly.']);
    expect(issues({ permissions: ['users.manage'] })).toEqual(['A licence cannot gate users.manage: it runs the account itself.']);
    expect(issues({ modules: [] })).toEqual(['Pick what the licence unlocks: at least one module or permission.']);
    expect(issues({ seats: 0 })).toEqual(['A licence has at least 1 seat.']);
    expect(issues({ key: 'CRM Pro!' })).toHaveLength(1);
  });

  it('no escalation: an Admin cannot create, give or delete a licence that unlocks what they do not hold', async () => {
    const { owner, admin, ada } = await setUp();
    // users.passwords is beyond an Admin; api_tokens.manage too.
    expect(await refusal(createLicencePool(admin, pool({ modules: [], permissions: ['api_tokens.manage'] })))).toMatchObject({ code: 'forbidden' });
    const { id } = await createLicencePool(owner, pool({ modules: [], permissions: ['api_tokens.manage'], key: 'api', name: 'API' }));
    expect(await refusal(setMemberLicence(admin, ada.membershipId, id, true))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(deleteLicencePool(admin, id))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(updateLicencePool(admin, id, { permissions: ['crm.view'] }))).toMatchObject({ code: 'forbidden' });
    // Seats alone move no access: an Admin may add seats.
    expect(await updateLicencePool(admin, id, { seats: 5 })).toEqual({ changed: true });
    // A plain User manages no licences.
    expect(await refusal(createLicencePool(actorOf(ada), pool({ key: 'u', name: 'U' })))).toMatchObject({ code: 'forbidden' });
  });

  it('the deletion preview names who loses what (another pool still gating it) and what is released', async () => {
    const { admin, ada, bob } = await setUp();
    const pro = await createLicencePool(admin, pool());
    const suite = await createLicencePool(admin, pool({ key: 'suite', name: 'Suite', modules: ['crm', 'forms'] }));
    await setMemberLicence(admin, ada.membershipId, pro.id, true);
    await setMemberLicence(admin, bob.membershipId, pro.id, true);
    await setMemberLicence(admin, bob.membershipId, suite.id, true);
    const preview = await previewLicenceDeletion(admin, pro.id);
    expect(preview).toMatchObject({ name: 'CRM Pro', holders: 2, released: [] });
    expect(preview.losing).toEqual([{ membershipId: ada.membershipId, name: 'Ada Person', loses: ['crm.view', 'crm.create', 'crm.edit'] }]);
    const suitePreview = await previewLicenceDeletion(admin, suite.id);
    expect(suitePreview.losing).toEqual([]);
    expect(suitePreview.released).toEqual(['forms.view', 'forms.create', 'forms.edit', 'forms.delete']);
  });

  it('deleting a pool lifts its gate: what it unlocked follows roles alone again', async () => {
    const { account, admin, ada } = await setUp();
    const { id } = await createLicencePool(admin, pool());
    expect(await holds(ada, 'crm.view')).toBe(false);
    expect(await deleteLicencePool(admin, id)).toEqual({ holders: 0 });
    expect(await holds(ada, 'crm.view')).toBe(true);
    expect(await auditOf(account.accountId, 'licence.deleted')).toHaveLength(1);
  });

  it('the Users tab filters by licence on every path, with the search and other filters; another account’s pool matches nobody', async () => {
    const { account, admin, ada, bob } = await setUp();
    const people = [ada, bob];
    for (let i = 0; i < 14; i += 1) people.push(await createMember(account.accountId, { firstName: `Lic${String.fromCharCode(97 + i)}`, role: i % 3 === 0 ? 'guest' : 'user' }));
    const { id } = await createLicencePool(admin, pool({ seats: 20 }));
    const holders = people.filter((_, i) => i % 2 === 0);
    await bulkSetLicence(admin, holders.map((member) => member.membershipId), id, true);
    const other = await setUp();
    const theirs = await createLicencePool(other.admin, pool());
    await setMemberLicence(other.admin, other.ada.membershipId, theirs.id, true);
    const expected = holders.map((member) => member.membershipId).sort();
    for (const tuning of [MEMBER_QUERY_TUNING, bitmapOnly, walkOnly(1_000), walkOnly(3)]) {
      const { forward, backward } = await pageThrough(admin, { licence: id }, tuning);
      expect([...forward].sort()).toEqual(expected);
      expect(backward).toEqual(forward);
      const guests = await pageThrough(admin, { licence: id, q: 'lic', role: account.roleIds.guest }, tuning);
      expect([...guests.forward].sort()).toEqual(holders.filter((member, i) => i >= 1 && people.indexOf(member) >= 2 && (people.indexOf(member) - 2) % 3 === 0).map((member) => member.membershipId).sort());
      expect((await pageThrough(admin, { licence: theirs.id }, tuning)).forward).toEqual([]);
    }
    // Malformed ids are ignored (no filter), not an error.
    expect(parseMemberQuery({ licence: "1' or '1'='1" }).licence).toBeNull();
  });

  it('exports every seat held as CSV, formulas escaped; one licence’s with ?licence=; a User is refused', async () => {
    const { ownerMember, admin, ada, bob } = await setUp();
    const { id } = await createLicencePool(admin, pool({ name: '=HYPERLINK("x")', key: 'crm.pro' }));
    const forms = await createLicencePool(admin, pool({ name: 'Forms', key: 'forms', modules: ['forms'] }));
    await setMemberLicence(admin, ada.membershipId, id, true);
    await setMemberLicence(admin, bob.membershipId, forms.id, true);
    await actAs(ownerMember.email);
    const all = await exportSeats(new Request('http://localhost/settings/licences/export'));
    expect(all.status).toBe(200);
    const text = await all.text();
    expect(text).toContain(`"'=HYPERLINK(""x"")",crm.pro,Ada Person,${ada.email},active`);
    expect(text).toContain(`Forms,forms,Bob Person,${bob.email},active`);
    const one = await (await exportSeats(new Request(`http://localhost/settings/licences/export?licence=${forms.id}`))).text();
    expect(one).toContain('Bob Person');
    expect(one).not.toContain('Ada Person');
    expect((await exportSeats(new Request('http://localhost/settings/licences/export?licence=junk'))).status).toBe(404);
    await actAs(ada.email);
    expect((await exportSeats(new Request('http://localhost/settings/licences/export'))).status).toBe(403);
  });
});
