import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { isHTTPAccessFallbackError } from 'next/dist/client/components/http-access-fallback/http-access-fallback';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { actAs } from '../support/acting-as';
import { withTestAuthSecret } from '../support/auth-secret';
import { createAccount, createMember, type Account, type Member } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

// next-auth's signIn/signOut need a real Next request (cookies to set), and its entry point does not load
// outside Next: here a sign-in is refused as a wrong password would be, so the actions that call it are
// fuzzed up to that point: their parsing and their data layer.
vi.mock('next-auth', () => {
  class AuthError extends Error {
    type = 'AuthError';
  }
  class CredentialsSignin extends AuthError {
    override type = 'CredentialsSignin';
    code = 'invalid';
  }
  return { AuthError, CredentialsSignin, default: () => ({}) };
});
vi.mock('@/lib/auth/auth', async () => {
  const { CredentialsSignin } = await import('next-auth');
  return {
    signIn: async () => {
      throw new CredentialsSignin();
    },
    signOut: async () => {},
    handlers: {},
  };
});

withTestAuthSecret();
withTestDatabase();

// Every server action of the app, found by file name, so a new one is fuzzed without anyone remembering to.
const actionModules = import.meta.glob<Record<string, unknown>>('/app/**/actions.ts');
/** Actions answering `useActionState`: (previous state, FormData). */
const STATE_ACTIONS = new Set(['loginAction', 'setupAction', 'activateAction', 'switchAccountAction', 'forgotPasswordAction', 'resetPasswordAction', 'acceptAsNewPersonAction', 'acceptAsSignedInAction']);
const RUNS = 20;

let account: Account;
let owner: Member;
let ids: string[] = [];

beforeAll(async () => {
  account = await createAccount('Fuzz Co');
  owner = await createMember(account.accountId, { role: 'owner' });
  const others = await Promise.all(['admin', 'user', 'guest'].map((role) => createMember(account.accountId, { role: role as 'admin' })));
  // Real ids now and then, so a random input can get past "not found" into the deeper checks.
  ids = [...Object.values(account.roleIds), ...others.map((member) => member.membershipId), account.accountId];
});

afterEach(() => vi.restoreAllMocks());

const FIELDS = [
  'q', 'email', 'password', 'confirmPassword', 'currentPassword', 'next', 'name', 'description', 'baseRoleId', 'permissions', 'privileges',
  'roleId', 'roleIds', 'version', 'membersTo', 'dependentsTo', 'membershipId', 'membershipIds', 'grants', 'denies', 'hiddenModules',
  'permission', 'change', 'firstName', 'lastName', 'sessionIdHash', 'operation', 'rows', 'loginType', 'accessExpiresAt', 'linkDays',
  'invitationId', 'requestId', 'decision', 'note', 'startsOn', 'endsOn', 'kind', 'placeName', 'timeZone', 'days', 'contactEmail', 'phone',
  'code', 'prefs', 'token', 'accountId', 'accountName', 'granted',
];

/** One of the account's real ids (read when generated: they exist only after beforeAll). */
const realId = fc.nat().map((index) => ids[index % ids.length]!);
const nasty = fc.constantFrom('\u0000', 'a\u0000b', '\u0000'.repeat(50), '\ud800', '\uffff', '‮evil', '😀'.repeat(30), '<script>', "'; drop table users; --", '%00', '\r\n', ' ', '');
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  nasty,
  fc.tuple(fc.string({ maxLength: 10 }), nasty, fc.string({ maxLength: 10 })).map((parts) => parts.join('')),
  fc.string({ minLength: 1000, maxLength: 3000 }),
  fc.emailAddress(),
  fc.constantFrom('users.manage', 'roles.manage', 'app.crm', '09:00', '2030-01-01', 'Europe/Berlin', '+44 20 7946 0958', 'approve', 'deactivate', 'place', 'local'),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.uuid(), realId, fc.date({ noInvalidDate: false }));
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('any'), { maxLength: 5 }), fc.dictionary(fc.constantFrom(...FIELDS), tie('any'), { maxKeys: 4 })),
})).any;
/** Objects with some or all of the fields the actions read, each of any type or poisoned with NUL; and junk. */
const input = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), value, { maxKeys: 10 }),
  fc.record(Object.fromEntries(FIELDS.map((field) => [field, value])), { requiredKeys: [] }),
  fc.tuple(fc.string({ maxLength: 12 }), nasty).map(([prefix, poison]) => Object.fromEntries(FIELDS.map((field) => [field, prefix + poison]))),
  value,
  fc.constantFrom(undefined, null, 0, '', [], 'x'.repeat(100_000)),
);
const formInput = fc
  .oneof(
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), fc.oneof(text, realId), { maxKeys: 10 }),
    fc.tuple(fc.emailAddress(), nasty).map(([email, poison]) => ({ ...Object.fromEntries(FIELDS.map((field) => [field, `${field}${poison}`])), email: `${email}${poison}` })),
  )
  .map((fields) => {
    const form = new FormData();
    for (const [key, entry] of Object.entries(fields)) form.append(key, entry);
    return form;
  });

/** Rows of a raw query on either engine (postgres.js answers an array, PGlite an object with `rows`). */
const rowsOf = <T,>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

/** Row counts of every table of the app: a refused call must leave each as it was. */
async function rowCounts(): Promise<Record<string, number>> {
  const db = await getDb();
  const tables = rowsOf<{ name: string }>(await db.execute(sql`select tablename as name from pg_tables where schemaname = current_schema() order by 1`)).map((row) => row.name);
  const counts = await db.execute(sql.raw(`select ${tables.map((name) => `(select count(*) from "${name}")::int as "${name}"`).join(', ')}`));
  return rowsOf<Record<string, number>>(counts)[0]!;
}

/** Next's redirect() and notFound(): how an action legitimately ends a request. */
const isNextControlFlow = (error: unknown) => isRedirectError(error) || isHTTPAccessFallbackError(error);

/** A result that says the call was refused (and so must have written nothing). */
function refused(result: unknown): boolean {
  if (!result || typeof result !== 'object') return false;
  const record = result as Record<string, unknown>;
  if ('ok' in record) return record.ok === false;
  return typeof record.message === 'string' || typeof record.fieldErrors === 'object' || typeof record.error === 'string';
}

describe('a NUL byte is a validation failure, not a database error', () => {
  it('in the member search', async () => {
    const { GET } = await import('@/app/(app)/settings/roles/why/members/route');
    const { readRoute } = await import('../support/read-route');
    await actAs(owner.email);
    expect(await readRoute(GET, '/settings/roles/why/members', { q: 'ada\u0000' })).toMatchObject({ ok: false, code: 'invalid', message: expect.stringContaining('control characters') });
  });

  it('nor is half a surrogate pair (found by the fuzzing below: PostgreSQL refused the profile name)', async () => {
    const { updateProfileDetailsAction } = await import('@/app/(app)/profile/actions');
    await actAs(owner.email);
    expect(await updateProfileDetailsAction({ firstName: 'Ada\ud800', lastName: '', description: '' })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('in a role name and a leave note', async () => {
    const { createRoleAction } = await import('@/app/(app)/settings/roles/actions');
    const { requestLeaveAction } = await import('@/app/(app)/profile/_work/actions');
    await actAs(owner.email);
    const before = await rowCounts();
    expect(await createRoleAction({ name: 'Sales\u0000', baseRoleId: account.roleIds.user })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await requestLeaveAction({ startsOn: '2031-01-06', endsOn: '2031-01-07', note: 'away\u0000' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await rowCounts()).toEqual(before);
  });
});

describe('every server action, called with random input by a signed-in Owner', () => {
  it('finds the actions', () => {
    expect(Object.keys(actionModules).length).toBeGreaterThanOrEqual(12);
  });

  for (const [file, load] of Object.entries(actionModules)) {
    it(`${file.replace('/app/', '')}: a typed answer, never an unexpected error, and a refusal writes nothing`, async () => {
      const actions = Object.entries(await load()).filter((entry): entry is [string, (...args: unknown[]) => Promise<unknown>] => entry[0].endsWith('Action') && typeof entry[1] === 'function');
      for (const [name, action] of actions) {
        // Nothing to fuzz in an action without input (sign-out, "send the code again").
        if (action.length === 0) continue;
        // A (previous state, FormData) action for useActionState takes two arguments: a new one is fuzzed as such even when not listed.
        const stateful = STATE_ACTIONS.has(name) || action.length === 2;
        const arbitrary = stateful ? formInput : input;
        await fc.assert(
          fc.asyncProperty(arbitrary, async (generated) => {
            await actAs(owner.email);
            const errors = vi.spyOn(console, 'error');
            const before = await rowCounts();
            let result: unknown;
            try {
              result = stateful ? await action({}, generated) : await action(generated);
            } catch (error) {
              if (isNextControlFlow(error)) return;
              throw new Error(`${name} threw ${String(error)} for ${JSON.stringify(generated)?.slice(0, 300)}`);
            }
            expect(result, name).toBeTypeOf('object');
            expect((result as { code?: string }).code, `${name} failed unexpectedly`).not.toBe('internal');
            expect(JSON.stringify(result)).not.toMatch(/went wrong|unavailable/i);
            expect(errors, `${name} logged an error`).not.toHaveBeenCalled();
            errors.mockRestore();
            if (refused(result)) expect(await rowCounts(), `${name} wrote while refusing`).toEqual(before);
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
      }
    }, 120_000);
  }
});

describe('route handlers, called with random input', () => {
  it('the read routes (role options, explain, member search, matrix columns) answer a typed result below 500 for any query', async () => {
    const reads = await Promise.all([
      import('@/app/(app)/settings/users/role-options/route'),
      import('@/app/(app)/settings/users/explain/route'),
      import('@/app/(app)/settings/roles/why/members/route'),
      import('@/app/(app)/settings/roles/matrix/columns/route'),
    ]);
    await actAs(owner.email);
    const errors = vi.spyOn(console, 'error');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('q', 'membershipId', 'permission', 'roleIds', 'x'), fc.oneof(text, realId, fc.uuid())), { maxLength: 6 }), async (pairs) => {
        for (const { GET } of reads) {
          const url = new URL('http://localhost/settings/read');
          for (const [name, value] of pairs) url.searchParams.append(name, value);
          const response = await GET(new Request(url));
          expect(response.status).toBeLessThan(500);
          const body = (await response.json()) as { ok: boolean; code?: string };
          expect(typeof body.ok).toBe('boolean');
          if (!body.ok) expect(response.status).toBeGreaterThanOrEqual(400);
        }
      }),
      { numRuns: RUNS },
    );
    expect(errors).not.toHaveBeenCalled();
  });

  it('the avatar, the exports and health answer with a status below 500', async () => {
    const { GET: avatar } = await import('@/app/api/avatars/[key]/route');
    const { POST: upload, DELETE: removeAvatar } = await import('@/app/api/profile/avatar/route');
    const { GET: exportUsers } = await import('@/app/(app)/settings/users/export/route');
    const { GET: exportMatrix } = await import('@/app/(app)/settings/roles/matrix/export/route');
    const { GET: health } = await import('@/app/api/health/route');
    await actAs(owner.email);
    const status = async (call: Promise<Response>) => (await call).status;
    const errors = vi.spyOn(console, 'error');

    await fc.assert(
      fc.asyncProperty(text, fc.dictionary(fc.constantFrom('q', 'role', 'status', 'login', 'sort', 'dir', 'size', 'cursor'), text, { maxKeys: 6 }), async (key, query) => {
        expect(await status(avatar(new Request('http://localhost/api/avatars/x'), { params: Promise.resolve({ key }) }))).toBeLessThan(500);
        const url = new URL('http://localhost/settings/users/export');
        for (const [name, entry] of Object.entries(query)) url.searchParams.set(name, entry);
        expect(await status(exportUsers(new Request(url)))).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant('multipart/form-data; boundary=x'), fc.constant('multipart/form-data'), fc.string({ maxLength: 40 }), fc.constant('application/json')),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 400 }), nasty),
        async (contentType, body) => {
          const before = await rowCounts();
          const answer = await upload(new Request('http://localhost/api/profile/avatar', { method: 'POST', body, headers: { 'content-type': contentType } }));
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(await rowCounts()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );

    expect(await status(removeAvatar(new Request('http://localhost/api/profile/avatar', { method: 'DELETE' })))).toBeLessThan(500);
    expect(await status(exportMatrix())).toBeLessThan(500);
    expect(await status(health())).toBe(200);
    expect(errors).not.toHaveBeenCalled();
  }, 120_000);
});
