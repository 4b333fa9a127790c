import { describe, expect, it } from 'vitest';
import { decideGate } from '@/lib/auth/gate';
import { completeSetup } from '@/lib/dal/setup/complete-setup';
import { endSession, resolveSession } from '@/lib/dal/sessions/manage-sessions';
import { withTestAuthSecret } from '../support/auth-secret';
import { encodeSessionCookie, sessionCookieFor } from '../support/cookies';
import { createAccount, createMember, meta, PASSWORD, uniqueEmail } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestAuthSecret();
withTestDatabase();

describe('the first gate (middleware.ts)', () => {
  it('sends every page to /setup until the first account exists, and lets /setup and health through', async () => {
    expect(await decideGate('/dashboard', undefined)).toEqual({ kind: 'setup' });
    expect(await decideGate('/login', undefined)).toEqual({ kind: 'setup' });
    expect(await decideGate('/setup', undefined)).toMatchObject({ kind: 'pass' });
    expect(await decideGate('/api/health', undefined)).toMatchObject({ kind: 'pass' });
    await completeSetup(
      { accountName: 'Gate Co', firstName: 'Ada', lastName: '', email: 'ada@gate.test', password: PASSWORD, confirmPassword: PASSWORD },
      meta(),
    );
    expect(await decideGate('/setup', undefined)).toEqual({ kind: 'setup-done' });
  });

  it('sends anonymous visitors to sign in, and lets them reach the public pages', async () => {
    expect(await decideGate('/dashboard', undefined)).toEqual({ kind: 'login', ended: null });
    expect(await decideGate('/api/anything', undefined)).toEqual({ kind: 'login', ended: null });
    for (const path of ['/login', '/invite/some-token', '/api/health', '/api/auth/csrf']) {
      expect(await decideGate(path, undefined)).toMatchObject({ kind: 'pass' });
    }
  });

  it('treats a forged or garbage cookie as no session', async () => {
    const forged = await encodeSessionCookie({ sid: 'guess' }, 'another-secret-of-at-least-32-characters!!');
    expect(await decideGate('/dashboard', forged)).toEqual({ kind: 'login', ended: null });
    expect(await decideGate('/dashboard', 'garbage')).toEqual({ kind: 'login', ended: null });
  });

  it('passes a live session with its resolved context, and sends it home from /login', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    const { value } = await sessionCookieFor(email);
    const decision = await decideGate('/profile', value);
    expect(decision).toMatchObject({ kind: 'pass', resolution: { ok: true, context: { user: { email } } } });
    expect(await decideGate('/login', value)).toEqual({ kind: 'home', path: '/dashboard' });
    expect(await decideGate('/', value)).toEqual({ kind: 'home', path: '/dashboard' });
  });

  it('refuses a module the member lacks, naming the permission, and passes the ones they hold', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId, { role: 'user' });
    const { value } = await sessionCookieFor(email);
    expect(await decideGate('/crm', value)).toMatchObject({ kind: 'pass' });
    expect(await decideGate('/crm/deals/42', value)).toMatchObject({ kind: 'pass' });
    expect(await decideGate('/insight', value)).toMatchObject({ kind: 'forbidden', permission: 'insight.view', label: 'Insight' });
    expect(await decideGate('/settings/roles', value)).toMatchObject({ kind: 'forbidden', permission: 'roles.manage' });
    expect(await decideGate('/api/insight/reports', value)).toMatchObject({ kind: 'forbidden', permission: 'insight.view' });
    expect(await decideGate('/api/crm/contacts', value)).toMatchObject({ kind: 'pass' });
    expect(await decideGate('/profile', value)).toMatchObject({ kind: 'pass' });
  });

  it('sends a Guest home to their profile: they have no dashboard', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId, { role: 'guest' });
    const { value } = await sessionCookieFor(email);
    expect(await decideGate('/', value)).toEqual({ kind: 'home', path: '/profile' });
    expect(await decideGate('/dashboard', value)).toMatchObject({ kind: 'forbidden', permission: 'dashboard.view' });
  });

  it('sends an ended session to sign in with the reason', async () => {
    const { accountId } = await createAccount();
    const { email } = await createMember(accountId);
    const { value, idHash } = await sessionCookieFor(email);
    const resolution = await resolveSession(idHash);
    if (!resolution.ok) throw new Error('expected a live session');
    await endSession({ sessionIdHash: idHash, user: resolution.context.user, accountId }, meta());
    expect(await decideGate('/dashboard', value)).toEqual({ kind: 'login', ended: 'signed_out' });
  });

  it('asks a person in several accounts to pick one before anything else', async () => {
    const first = await createAccount();
    const second = await createAccount();
    const email = uniqueEmail();
    await createMember(first.accountId, { email });
    await createMember(second.accountId, { email });
    const { value } = await sessionCookieFor(email);
    expect(await decideGate('/dashboard', value)).toEqual({ kind: 'pick-account' });
    expect(await decideGate('/select-account', value)).toMatchObject({ kind: 'pass' });
  });
});
