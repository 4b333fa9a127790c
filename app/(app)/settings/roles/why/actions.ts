'use server';

import { runAction } from '@/lib/actions/result';
import { requireMemberAccess } from '@/lib/auth/current';
import { searchMembersForAccess } from '@/lib/dal/role-why';
import { memberSearchSchema } from '@/lib/validation/access';

/** Members whose name or email contains the search (the "why" page's member picker). */
export async function searchMembersAction(input: unknown) {
  return runAction(memberSearchSchema, input, async ({ q }) => {
    const { actor } = await requireMemberAccess();
    return searchMembersForAccess(actor, q);
  });
}
