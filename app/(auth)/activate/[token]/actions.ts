'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/auth';
import { getRequestMeta } from '@/lib/auth/current';
import { activateLogin, lookUpActivation } from '@/lib/dal/add-member';
import { DalError } from '@/lib/dal/errors';
import { newPasswordSchema } from '@/lib/validation/auth';
import { fieldErrorsOf, secretTextSchema, textSchema } from '@/lib/validation/primitives';

export interface ActivateState {
  redirectTo?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
}

const schema = newPasswordSchema({ token: secretTextSchema().min(20).max(100), email: textSchema(), firstName: textSchema() }, ['email', 'firstName']);

/** Sets the first password through an activation link, then signs the person in. */
export async function activateAction(_previous: ActivateState, formData: FormData): Promise<ActivateState> {
  const token = String(formData.get('token') ?? '');
  const lookup = await lookUpActivation(token);
  if (!lookup.ok) return { message: 'This activation link is no longer valid. Ask your administrator for a new one.' };
  const parsed = schema.safeParse({
    token,
    email: lookup.details.email,
    firstName: lookup.details.firstName,
    password: String(formData.get('password') ?? ''),
    confirmPassword: String(formData.get('confirmPassword') ?? ''),
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const { email } = await activateLogin(token, parsed.data.password, await getRequestMeta());
    await signIn('credentials', { email, password: parsed.data.password, redirect: false });
    return { redirectTo: '/' };
  } catch (error) {
    if (error instanceof DalError) return { message: error.message };
    if (error instanceof AuthError) return { redirectTo: '/login' };
    throw error;
  }
}
