'use server';

import { z } from 'zod';
import { formAction } from '@/lib/actions/form';
import { signInAfterPasswordSet } from '@/lib/auth/sign-in-after';
import { getRequestSession } from '@/lib/auth/current';
import { DalError } from '@/lib/dal/core/errors';
import { acceptInvitation, lookUpInvitation } from '@/lib/dal/invitations/accept-invitation';
import { newPasswordSchema } from '@/lib/validation/auth';
import { personNameSchema, secretTextSchema, textSchema } from '@/lib/validation/primitives';

const newPersonSchema = newPasswordSchema(
  { token: secretTextSchema().min(20).max(100), email: textSchema(), firstName: personNameSchema('first name'), lastName: personNameSchema('last name', { required: false }).default('') },
  ['email', 'firstName', 'lastName'],
);

/** What accepting answers: where to go next, or (joined, waiting for approval) a notice to show. */
export type Accepted = { redirectTo: string; notice?: undefined } | { redirectTo?: undefined; notice: string };

/** A new person accepts: name and password, then signed in. */
export const acceptAsNewPersonAction = formAction(
  {
    fields: ['token', 'firstName', 'lastName', 'password', 'confirmPassword'],
    schema: newPersonSchema,
    // The invitation names the email: the password is checked against it, and the link must still be open.
    complete: async (raw) => {
      const lookup = await lookUpInvitation(raw.token ?? '');
      if (!lookup.ok) throw new DalError('not_found', 'This invitation can no longer be accepted.');
      return { ...raw, email: lookup.details.email };
    },
  },
  async ({ token, firstName, lastName, password }, { meta }): Promise<Accepted> => {
    const accepted = await acceptInvitation(token, { kind: 'new', firstName, lastName, password }, meta);
    if (accepted.status === 'pending') return { redirectTo: '/login?reason=pending' };
    return signInAfterPasswordSet(accepted.email, password, { then: '/', otherwise: '/login' });
  },
);

/** A signed-in person joins with one click, if the invitation is for their login. */
export const acceptAsSignedInAction = formAction({ fields: ['token'], schema: z.object({ token: z.string() }) }, async ({ token }, { meta }): Promise<Accepted> => {
  const session = await getRequestSession();
  if (!session) throw new DalError('forbidden', 'Sign in first.');
  const accepted = await acceptInvitation(token, { kind: 'signed-in', userId: session.user.id }, meta);
  if (accepted.status === 'pending') return { notice: 'You have joined. An administrator must approve your membership before you can enter the account.' };
  // The session stays in its current account: the picker lets them enter the new one.
  return { redirectTo: '/select-account' };
});
