import { isValidElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { Forbidden } from '@/components/forbidden';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import { requirePagePermission } from '@/lib/access/page-permission';
import { requiredPermissionFor, ROUTES, type GuardedHref } from '@/lib/access/routes';
import { actAs } from '../support/acting-as';
import { withTestAuthSecret } from '../support/auth-secret';
import { createAccount, createMember } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestAuthSecret();
withTestDatabase();

const GUARDED = ROUTES.filter((route) => route.permission !== null).map((route) => route.href as GuardedHref);

describe('requirePagePermission (every guarded page’s own check)', () => {
  it('lets a member who holds the route’s permission in, with their actor and access', async () => {
    const { accountId } = await createAccount();
    const admin = await createMember(accountId, { role: 'admin' });
    await actAs(admin.email);
    const guard = await requirePagePermission('/settings/roles');
    expect(guard.allowed).toBe(true);
    if (guard.allowed) expect(guard.actor).toMatchObject({ accountId, membershipId: admin.membershipId });
  });

  it('answers a User without it with the 403 content naming the permission and the area, as middleware.ts does', async () => {
    const { accountId } = await createAccount();
    const member = await createMember(accountId);
    await actAs(member.email);
    for (const href of GUARDED) {
      const required = requiredPermissionFor(href)!;
      const guard = await requirePagePermission(href);
      expect(guard.allowed, href).toBe(BUILTIN_GRANTS.user.includes(required.permission));
      if (guard.allowed) continue;
      expect(isValidElement(guard.forbidden)).toBe(true);
      const element = guard.forbidden as ReactElement<{ permission: string; area: string }>;
      expect(element.type).toBe(Forbidden);
      expect(element.props).toEqual({ permission: required.permission, area: required.label });
    }
  });
});
