'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { memberAction } from '@/lib/actions/result';
import { createDepartment, deleteDepartment, updateDepartment } from '@/lib/dal/organization/departments';
import { createTeam, deleteTeam, updateTeam } from '@/lib/dal/organization/teams';
import { departmentInputSchema, teamInputSchema } from '@/lib/validation/organization';

const idOf = (what: string) => z.object({ id: z.uuid({ error: `That ${what} does not exist.` }) });

export const createDepartmentAction = memberAction(departmentInputSchema, async (input, { actor, meta }) => {
  const created = await createDepartment(actor, input, meta);
  revalidatePath('/settings/organization/departments');
  return created;
});

export const updateDepartmentAction = memberAction(departmentInputSchema.extend(idOf('department').shape), async ({ id, ...input }, { actor, meta }) => {
  await updateDepartment(actor, id, input, meta);
  revalidatePath('/settings/organization/departments');
  return null;
});

export const deleteDepartmentAction = memberAction(idOf('department'), async ({ id }, { actor, meta }) => {
  await deleteDepartment(actor, id, meta);
  revalidatePath('/settings/organization/departments');
  return null;
});

export const createTeamAction = memberAction(teamInputSchema, async (input, { actor, meta }) => {
  const created = await createTeam(actor, input, meta);
  revalidatePath('/settings/organization/teams');
  return created;
});

export const updateTeamAction = memberAction(teamInputSchema.extend(idOf('team').shape), async ({ id, ...input }, { actor, meta }) => {
  await updateTeam(actor, id, input, meta);
  revalidatePath('/settings/organization/teams');
  return null;
});

export const deleteTeamAction = memberAction(idOf('team'), async ({ id }, { actor, meta }) => {
  await deleteTeam(actor, id, meta);
  revalidatePath('/settings/organization/teams');
  return null;
});
