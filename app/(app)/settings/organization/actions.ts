'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { memberAction } from '@/lib/actions/result';
import { addDepartmentMembers, createDepartment, deleteDepartment, removeDepartmentMembers, updateDepartment } from '@/lib/dal/organization/departments';
import { searchMembersToPick } from '@/lib/dal/organization/structure-members';
import { addTeamMembers, createTeam, deleteTeam, removeTeamMembers, setTeamResponsible, updateTeam } from '@/lib/dal/organization/teams';
import { departmentInputSchema, membershipIdsSchema, teamInputSchema } from '@/lib/validation/organization';
import { textSchema } from '@/lib/validation/primitives';

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

const structureMembersSchema = z.object({
  kind: z.enum(['department', 'team'], { error: 'Unknown kind of structure.' }),
  id: z.uuid({ error: 'That department or team does not exist.' }),
  membershipIds: membershipIdsSchema,
});

const pathOf = (kind: 'department' | 'team', id: string) => `/settings/organization/${kind === 'department' ? 'departments' : 'teams'}/${id}`;

/** Adds the picked people to a department or team, all or none. */
export const addStructureMembersAction = memberAction(structureMembersSchema, async ({ kind, id, membershipIds }, { actor, meta }) => {
  const { added } = kind === 'department' ? await addDepartmentMembers(actor, id, membershipIds, meta) : await addTeamMembers(actor, id, membershipIds, meta);
  revalidatePath(pathOf(kind, id));
  return { added, already: membershipIds.length - added };
});

export const removeStructureMembersAction = memberAction(structureMembersSchema, async ({ kind, id, membershipIds }, { actor, meta }) => {
  const result = kind === 'department' ? { ...(await removeDepartmentMembers(actor, id, membershipIds, meta)), responsibleCleared: false } : await removeTeamMembers(actor, id, membershipIds, meta);
  revalidatePath(pathOf(kind, id));
  return result;
});

/** The picker's search: members of this account by name, email or phone, ten at most. */
export const searchMembersToPickAction = memberAction(
  z.object({ q: textSchema().trim().max(100, 'Search with at most 100 characters.') }),
  async ({ q }, { actor }) => (q ? searchMembersToPick(actor, q) : []),
);

export const setTeamResponsibleAction = memberAction(
  z.object({ teamId: z.uuid({ error: 'That team does not exist.' }), membershipId: z.uuid({ error: 'Pick one of the team’s members.' }).nullable() }),
  async ({ teamId, membershipId }, { actor, meta }) => {
    await setTeamResponsible(actor, teamId, membershipId, meta);
    revalidatePath(pathOf('team', teamId));
    return null;
  },
);
