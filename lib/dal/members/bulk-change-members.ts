import 'server-only';
import { requirePermission, type Actor } from '@/lib/access/checks';
import type { RequestMeta } from '@/lib/http/client';
import { DalError } from '@/lib/dal/core/errors';
import { memberLabels } from './member-labels';
import { setMemberRoles } from './set-member-access';
import { setMemberAccessEnd } from './set-access-end';
import { changeMemberStatus } from './change-member-status';
import { type BulkOperation, type BulkResult } from '@/lib/types/members';

export interface BulkOptions {
  roleId?: string | null;
  /** With 'extend': the new end of access for members whose access ends (or has ended). */
  accessEndsAt?: Date | null;
  origin?: string;
}

/**
 * Applies one change to many members, each on its own through the same rules as the single change (so one
 * refusal does not undo the others), and says what changed, what was already so, and what was refused and
 * why. Needs users.manage.
 */
export async function bulkChangeMembers(actor: Actor, membershipIds: string[], operation: BulkOperation, options: BulkOptions, meta?: RequestMeta): Promise<BulkResult> {
  await requirePermission(actor, 'users.manage');
  const { roleId, accessEndsAt } = options;
  if (operation === 'role' && !roleId) throw new DalError('invalid', 'Pick the role to give them.', { roleId: 'Pick a role.' });
  if (operation === 'extend' && !accessEndsAt) throw new DalError('invalid', 'Pick the date and time access ends.', { accessEndsAt: 'Pick a date and time.' });
  const members = await memberLabels(actor.accountId, membershipIds);
  const result: BulkResult = { changed: [], unchanged: [], refused: [] };
  for (const id of membershipIds) {
    const name = members.get(id)?.label;
    if (!name) {
      result.refused.push({ name: 'Unknown user', reason: 'Not a member of this account.' });
      continue;
    }
    try {
      if (operation === 'role') {
        await setMemberRoles(actor, id, [roleId!], meta);
        result.changed.push(name);
      } else if (operation === 'extend') {
        if (!members.get(id)!.accessExpiresAt) {
          result.refused.push({ name, reason: 'Their access does not end: nothing to extend.' });
          continue;
        }
        const outcome = await setMemberAccessEnd(actor, id, { mode: 'until', endsAt: accessEndsAt! }, { origin: options.origin ?? '' }, meta);
        (outcome.changed ? result.changed : result.unchanged).push(name);
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
