import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { memberships, users } from '@/db/schema';
import type { RequestMeta } from '@/lib/http/client';
import { requirePermission, type Actor } from './access';
import { DalError } from './errors';
import { setMemberRoles } from './member-access';
import { changeMemberStatus } from './member-status';

export type BulkOperation = 'activate' | 'deactivate' | 'role';

export interface BulkResult {
  changed: string[];
  unchanged: string[];
  refused: { name: string; reason: string }[];
}

/**
 * Applies one change to many members, each on its own through the same rules as the single change (so one
 * refusal does not undo the others), and says what changed, what was already so, and what was refused and
 * why. Needs users.manage.
 */
export async function bulkChangeMembers(actor: Actor, membershipIds: string[], operation: BulkOperation, roleId: string | null, meta?: RequestMeta): Promise<BulkResult> {
  await requirePermission(actor, 'users.manage');
  if (operation === 'role' && !roleId) throw new DalError('invalid', 'Pick the role to give them.', { roleId: 'Pick a role.' });
  const db = await getDb();
  const rows = await db
    .select({ id: memberships.id, firstName: users.firstName, lastName: users.lastName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, actor.accountId), inArray(memberships.id, membershipIds)));
  const names = new Map(rows.map((row) => [row.id, `${row.firstName} ${row.lastName}`.trim()]));
  const result: BulkResult = { changed: [], unchanged: [], refused: [] };
  for (const id of membershipIds) {
    const name = names.get(id);
    if (!name) {
      result.refused.push({ name: 'Unknown user', reason: 'Not a member of this account.' });
      continue;
    }
    try {
      if (operation === 'role') {
        await setMemberRoles(actor, id, [roleId!], meta);
        result.changed.push(name);
      } else {
        const outcome = await changeMemberStatus(actor, id, operation, meta);
        (outcome.changed ? result.changed : result.unchanged).push(name);
      }
    } catch (error) {
      if (!(error instanceof DalError)) throw error;
      result.refused.push({ name, reason: error.message });
    }
  }
  return result;
}
