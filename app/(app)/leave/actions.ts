'use server';

import { revalidatePath } from 'next/cache';
import { memberAction } from '@/lib/actions/result';
import { decideLeave } from '@/lib/dal/leave/decide-leave';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { leaveDecisionSchema } from '@/lib/validation/work';

/** Approves or declines a leave request (leave.approve); the member is told by mail. */
export const decideLeaveAction = memberAction(leaveDecisionSchema, async (data, { actor, meta }) => {
  const decided = await decideLeave(actor, data, { origin: await appOrigin() }, meta);
  kickMailWorker();
  revalidatePath('/leave');
  revalidatePath('/dashboard');
  return decided;
});
