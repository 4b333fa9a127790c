'use server';

import { revalidatePath } from 'next/cache';
import { memberAction } from '@/lib/actions/result';
import { cancelLeave, requestLeave } from '@/lib/dal/leave/request-leave';
import { saveWorkplace, saveWorkSchedule } from '@/lib/dal/profile/save-work-schedule';
import { leaveCancelSchema, leaveRequestSchema, workplaceSchema, workScheduleSchema } from '@/lib/validation/work';

/** Replaces the member's week of working hours and sets their time zone. */
export const saveWorkScheduleAction = memberAction(workScheduleSchema, async (data, { actor, meta }) => {
  await saveWorkSchedule(actor, data, meta);
  revalidatePath('/profile');
  return null;
});

/** Sets where the member works: the office, remote, or a named place. */
export const saveWorkplaceAction = memberAction(workplaceSchema, async (data, { actor, meta }) => {
  await saveWorkplace(actor, data, meta);
  revalidatePath('/profile');
  return null;
});

/** Asks for leave; an approver decides. */
export const requestLeaveAction = memberAction(leaveRequestSchema, async (data, { actor, meta }) => {
  const created = await requestLeave(actor, data, meta);
  revalidatePath('/profile');
  revalidatePath('/leave');
  return created;
});

/** Withdraws one of the member's own pending or future approved requests. */
export const cancelLeaveAction = memberAction(leaveCancelSchema, async ({ requestId }, { actor, meta }) => {
  await cancelLeave(actor, requestId, meta);
  revalidatePath('/profile');
  revalidatePath('/leave');
  revalidatePath('/dashboard');
  return null;
});
