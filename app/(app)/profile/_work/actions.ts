'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { cancelLeave, requestLeave } from '@/lib/dal/leave';
import { saveWorkplace, saveWorkSchedule } from '@/lib/dal/work-schedule';
import { leaveCancelSchema, leaveRequestSchema, workplaceSchema, workScheduleSchema } from '@/lib/validation/work';

/** Replaces the member's week of working hours and sets their time zone. */
export async function saveWorkScheduleAction(input: unknown) {
  return runAction(workScheduleSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    await saveWorkSchedule(actor, data, await getRequestMeta());
    revalidatePath('/profile');
    return null;
  });
}

/** Sets where the member works: the office, remote, or a named place. */
export async function saveWorkplaceAction(input: unknown) {
  return runAction(workplaceSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    await saveWorkplace(actor, data, await getRequestMeta());
    revalidatePath('/profile');
    return null;
  });
}

/** Asks for leave; an approver decides. */
export async function requestLeaveAction(input: unknown) {
  return runAction(leaveRequestSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const created = await requestLeave(actor, data, await getRequestMeta());
    revalidatePath('/profile');
    revalidatePath('/leave');
    return created;
  });
}

/** Withdraws one of the member's own pending or future approved requests. */
export async function cancelLeaveAction(input: unknown) {
  return runAction(leaveCancelSchema, input, async ({ requestId }) => {
    const { actor } = await requireMemberAccess();
    await cancelLeave(actor, requestId, await getRequestMeta());
    revalidatePath('/profile');
    revalidatePath('/leave');
    revalidatePath('/dashboard');
    return null;
  });
}
