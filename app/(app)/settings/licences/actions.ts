'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { memberAction } from '@/lib/actions/result';
import { bulkSetLicence, setMemberLicence } from '@/lib/dal/licences/assignments';
import { createLicencePool, deleteLicencePool, previewLicenceDeletion, updateLicencePool } from '@/lib/dal/licences/pools';
import { membershipIdsSchema } from '@/lib/validation/organization';
import { licenceEndSchema, licencePoolInputSchema, licenceSeatsSchema } from '@/lib/validation/licences';

const poolId = z.uuid({ error: 'That licence does not exist in this account.' });
const idOf = z.object({ id: poolId });

export const createLicencePoolAction = memberAction(licencePoolInputSchema, async (input, { actor, meta }) => {
  const created = await createLicencePool(actor, input, meta);
  revalidatePath('/settings/licences');
  return created;
});

export const updateLicencePoolAction = memberAction(licencePoolInputSchema.and(idOf), async ({ id, ...input }, { actor, meta }) => {
  const result = await updateLicencePool(actor, id, input, meta);
  revalidatePath('/settings/licences');
  return result;
});

export const setLicenceSeatsAction = memberAction(licenceSeatsSchema.extend(idOf.shape), async ({ id, seats }, { actor, meta }) => {
  const result = await updateLicencePool(actor, id, { seats }, meta);
  revalidatePath('/settings/licences');
  return result;
});

export const setLicenceEndAction = memberAction(licenceEndSchema.extend(idOf.shape), async ({ id, endsAt }, { actor, meta }) => {
  const result = await updateLicencePool(actor, id, { endsAt }, meta);
  revalidatePath('/settings/licences');
  return result;
});

export const previewLicenceDeletionAction = memberAction(idOf, async ({ id }, { actor }) => previewLicenceDeletion(actor, id));

export const deleteLicencePoolAction = memberAction(idOf, async ({ id }, { actor, meta }) => {
  const result = await deleteLicencePool(actor, id, meta);
  revalidatePath('/settings/licences');
  return result;
});

/** The Licences widget's switch: give the member a seat, or take it back. */
export const setMemberLicenceAction = memberAction(
  z.object({ membershipId: z.uuid({ error: 'That user is not a member of this account.' }), poolId, held: z.boolean() }),
  async ({ membershipId, poolId: pool, held }, { actor, meta }) => {
    const result = await setMemberLicence(actor, membershipId, pool, held, meta);
    revalidatePath(`/settings/users/${membershipId}`);
    revalidatePath('/settings/licences');
    return result;
  },
);

/** The Users tab's bulk bar: one licence to (or from) the selected members, each with its own outcome. */
export const bulkLicenceAction = memberAction(z.object({ membershipIds: membershipIdsSchema, poolId, held: z.boolean() }), async ({ membershipIds, poolId: pool, held }, { actor, meta }) => {
  const result = await bulkSetLicence(actor, membershipIds, pool, held, meta);
  revalidatePath('/settings/users');
  revalidatePath('/settings/licences');
  return result;
});
