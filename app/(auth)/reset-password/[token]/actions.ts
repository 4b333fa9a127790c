'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn } from '@/lib/auth/auth';
import { getRequestMeta } from '@/lib/auth/current';
import { DalError } from '@/lib/dal/errors';
import { lookUpPasswordReset, RESET_LINK_INVALID, resetPassword, SSO_ONLY } from '@/lib/dal/password-reset';
import { newPasswordSchema } from '@/lib/validation/auth';
import { fieldErrorsOf } from '@/lib/validation/primitives';

export interface ResetPasswordState {
  redirectTo?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
}

const schema = newPasswordSchema(
  { token: z.string().min(20).max(100), email: z.string(), firstName: z.string(), lastName: z.string() },
  ['email', 'firstName', 'lastName'],
);

/** Sets a new password through a reset link (the one policy), ends every session of the login, then signs the person in. */
export async function resetPasswordAction(_previous: ResetPasswordState, formData: FormData): Promise<ResetPasswordState> {
  const token = formData.get('token');
  const lookup = typeof token === 'string' && token.length <= 100 ? await lookUpPasswordReset(token) : ({ ok: false, reason: 'unknown' } as const);
  if (!lookup.ok) return { message: lookup.reason === 'sso' ? SSO_ONLY : RESET_LINK_INVALID };
  const parsed = schema.safeParse({
    token,
    ...lookup.details,
    password: String(formData.get('password') ?? ''),
    confirmPassword: String(formData.get('confirmPassword') ?? ''),
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const { email } = await resetPassword(parsed.data.token, parsed.data.password, await getRequestMeta());
    await signIn('credentials', { email, password: parsed.data.password, redirect: false });
    return { redirectTo: '/' };
  } catch (error) {
    if (error instanceof DalError) return { message: error.message };
    // The password is set but this sign-in was refused (say, every membership deactivated): /login tells why on the next try.
    if (error instanceof AuthError) return { redirectTo: '/login?reason=password_changed' };
    throw error;
  }
}
