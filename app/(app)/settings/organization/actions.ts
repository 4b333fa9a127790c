'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { memberAction } from '@/lib/actions/result';
import { addDepartmentMembers, createDepartment, deleteDepartment, removeDepartmentMembers, updateDepartment } from '@/lib/dal/organization/departments';
import { previewGroupDeletion } from '@/lib/dal/organization/group-deletion-preview';
import { addGroupMembers, removeGroupMembers } from '@/lib/dal/organization/group-members';
import { createGroup, deleteGroup, updateGroup } from '@/lib/dal/organization/groups';
import { searchMembersToPick } from '@/lib/dal/organization/structure-members';
import { addTeamMembers, createTeam, deleteTeam, removeTeamMembers, setPrimaryTeam, setTeamResponsible, updateTeam } from '@/lib/dal/organization/teams';
import { departmentInputSchema, groupInputSchema, membershipIdsSchema, teamInputSchema } from '@/lib/validation/organization';
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
  kind: z.enum(['department', 'team', 'group'], { error: 'Unknown kind of structure.' }),
  id: z.uuid({ error: 'That department, team or group does not exist.' }),
  membershipIds: membershipIdsSchema,
});

const pathOf = (kind: 'department' | 'team' | 'group', id: string) => `/settings/organization/${kind}s/${id}`;
const revalidateMembers = (kind: 'department' | 'team' | 'group', id: string, membershipIds: string[]) => {
  revalidatePath(pathOf(kind, id));
  // The Member of widget of a single member changed from their own page.
  if (membershipIds.length === 1) revalidatePath(`/settings/users/${membershipIds[0]}`);
};

/** Adds the picked people to a department or team, all or none. */
export const addStructureMembersAction = memberAction(structureMembersSchema, async ({ kind, id, membershipIds }, { actor, meta }) => {
  const { added } =
    kind === 'department' ? await addDepartmentMembers(actor, id, membershipIds, meta) : kind === 'team' ? await addTeamMembers(actor, id, membershipIds, meta) : await addGroupMembers(actor, id, membershipIds, meta);
  revalidateMembers(kind, id, membershipIds);
  return { added, already: membershipIds.length - added };
});

export const removeStructureMembersAction = memberAction(structureMembersSchema, async ({ kind, id, membershipIds }, { actor, meta }) => {
  const result =
    kind === 'team'
      ? await removeTeamMembers(actor, id, membershipIds, meta)
      : { ...(kind === 'department' ? await removeDepartmentMembers(actor, id, membershipIds, meta) : await removeGroupMembers(actor, id, membershipIds, meta)), responsibleCleared: false };
  revalidateMembers(kind, id, membershipIds);
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

export const createGroupAction = memberAction(groupInputSchema, async (input, { actor, meta }) => {
  const created = await createGroup(actor, input, meta);
  revalidatePath('/settings/organization/groups');
  return created;
});

export const updateGroupAction = memberAction(groupInputSchema.extend(idOf('group').shape), async ({ id, ...input }, { actor, meta }) => {
  await updateGroup(actor, id, input, meta);
  revalidatePath('/settings/organization/groups');
  revalidatePath(pathOf('group', id));
  return null;
});

/** Who loses what if the group goes: shown before Delete is confirmed. */
export const previewGroupDeletionAction = memberAction(idOf('group'), async ({ id }, { actor }) => previewGroupDeletion(actor, id));

export const deleteGroupAction = memberAction(idOf('group'), async ({ id }, { actor, meta }) => {
  const result = await deleteGroup(actor, id, meta);
  revalidatePath('/settings/organization/groups');
  return result;
});

/** A member's primary team: one of their teams, or none (the Member of widget). */
export const setPrimaryTeamAction = memberAction(
  z.object({ membershipId: z.uuid({ error: 'That person is not a member of this account.' }), teamId: z.uuid({ error: 'Pick one of their teams.' }).nullable() }),
  async ({ membershipId, teamId }, { actor, meta }) => {
    await setPrimaryTeam(actor, membershipId, teamId, meta);
    revalidatePath(`/settings/users/${membershipId}`);
    return null;
  },
);
