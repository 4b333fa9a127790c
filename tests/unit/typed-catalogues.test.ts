import { describe, expect, it } from 'vitest';
import { hasPermission, PERMISSION_NAMES, PERMISSIONS, type Permission } from '@/lib/access/catalogue';
import type { assertHolds, requireAnyPermission, requirePermission } from '@/lib/access/checks';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/audit-actions';
import type { AuditInput } from '@/lib/dal/core/record-audit';
import type { recentEntries, recentOwnEntries } from '@/lib/dal/core/send-limits';

// The misspellings below (permissions and audit actions) are caught by `npm run typecheck` (tsc): each @ts-expect-error fails the check
// the day its line compiles. The runtime assertions only keep vitest honest about the same names.

describe('the permission catalogue is a type', () => {
  it('accepts every catalogued name and refuses a misspelt one', () => {
    const known: Permission[] = ['roles.manage', 'users.manage', 'users.passwords', 'leave.approve', 'insight.view', 'crm.delete', 'tasks.comment'];
    // @ts-expect-error 'roles.mange' is not a permission
    const misspelt: Permission = 'roles.mange';
    // @ts-expect-error a custom privilege is not a system permission
    const privilege: Permission = 'report.export';
    for (const name of known) expect(PERMISSION_NAMES).toContain(name);
    expect(PERMISSION_NAMES).not.toContain(misspelt);
    expect(PERMISSION_NAMES).not.toContain(privilege);
  });

  it('names each permission of the runtime list in the type, once', () => {
    const names: readonly Permission[] = PERMISSIONS.map((permission) => permission.name);
    expect(new Set(names).size).toBe(PERMISSIONS.length);
  });

  it('types every code-level check: hasPermission, requirePermission, assertHolds, requireAnyPermission', () => {
    type Checked = Parameters<typeof hasPermission>[1] | Parameters<typeof requirePermission>[1] | Parameters<typeof assertHolds>[1] | Parameters<typeof requireAnyPermission>[1][number];
    const fine: Checked = 'roles.manage';
    // @ts-expect-error the checks take Permission, not any string
    const wrong: Checked = 'roles.mange';
    expect([fine, wrong]).toHaveLength(2);
  });
});

describe('the audit actions are a type', () => {
  it('recordAudit, the bulk rows and the log queries take only catalogued actions', () => {
    type Written = AuditInput['action'] | Parameters<typeof recentOwnEntries>[2] | Parameters<typeof recentEntries>[2][number];
    const fine: Written = 'role.updated';
    // @ts-expect-error 'role.update' is not an audit action
    const wrong: Written = 'role.update';
    expect(AUDIT_ACTIONS).toContain(fine);
    expect(AUDIT_ACTIONS).not.toContain(wrong);
  });

  it('lists each action once', () => {
    const actions: readonly AuditAction[] = AUDIT_ACTIONS;
    expect(new Set(actions).size).toBe(AUDIT_ACTIONS.length);
  });
});
