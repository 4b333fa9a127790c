'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/auth';
import { getRequestMeta, getRequestSession } from '@/lib/auth/current';
import { DalError } from '@/lib/dal/errors';
import { acceptInvitation, lookUpInvitation } from '@/lib/dal/invitation-accept';
import { newPasswordSchema } from '@/lib/validation/auth';
import { fieldErrorsOf, personNameSchema, secretTextSchema, textSchema } from '@/lib/validation/primitives';

export interface AcceptState {
  redirectTo?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
}

const newPersonSchema = newPasswordSchema(
  { token: secretTextSchema().min(20).max(100), email: textSchema(), firstName: personNameSchema('first name'), lastName: personNameSchema('last name', { required: false }).default('') },
  ['email', 'firstName', 'lastName'],
);

/** A new person accepts: name and password, then signed in. */
export async function acceptAsNewPersonAction(formData: FormData): Promise<AcceptState> {
  const token = String(formData.get('token') ?? '');
  const lookup = await lookUpInvitation(token);
  if (!lookup.ok) return { message: 'This invitation can no longer be accepted.' };
  const parsed = newPersonSchema.safeParse({
    token,
    email: lookup.details.email,
    firstName: formData.get('firstName') ?? '',
    lastName: formData.get('lastName') ?? '',
    password: String(formData.get('password') ?? ''),
    confirmPassword: String(formData.get('confirmPassword') ?? ''),
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const accepted = await acceptInvitation(token, { kind: 'new', firstName: parsed.data.firstName, lastName: parsed.data.lastName, password: parsed.data.password }, await getRequestMeta());
    if (accepted.status === 'pending') return { redirectTo: '/login?reason=pending' };
    await signIn('credentials', { email: accepted.email, password: parsed.data.password, redirect: false });
    return { redirectTo: '/' };
  } catch (error) {
    if (error instanceof DalError) return { message: error.message };
    if (error instanceof AuthError) return { redirectTo: '/login' };
    throw error;
  }
}

/** A signed-in person joins with one click, if the invitation is for their login. */
export async function acceptAsSignedInAction(formData: FormData): Promise<AcceptState> {
  const session = await getRequestSession();
  if (!session) return { message: 'Sign in first.' };
  try {
    const accepted = await acceptInvitation(String(formData.get('token') ?? ''), { kind: 'signed-in', userId: session.user.id }, await getRequestMeta());
    if (accepted.status === 'pending') return { message: 'You have joined. An administrator must approve your membership before you can enter the account.' };
    // The session stays in its current account: the picker lets them enter the new one.
    return { redirectTo: '/select-account' };
  } catch (error) {
    if (error instanceof DalError) return { message: error.message };
    throw error;
  }
}
