'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { decideLeave } from '@/lib/dal/leave-team';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { leaveDecisionSchema } from '@/lib/validation/work';

/** Approves or declines a leave request (leave.approve); the member is told by mail. */
export async function decideLeaveAction(input: unknown) {
  return runAction(leaveDecisionSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const decided = await decideLeave(actor, data, { origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    revalidatePath('/leave');
    revalidatePath('/dashboard');
    return decided;
  });
}
