'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/auth';
import { getRequestMeta } from '@/lib/auth/current';
import { DalError } from '@/lib/dal/errors';
import { completeSetup } from '@/lib/dal/setup';
import { setupSchema } from '@/lib/validation/auth';
import { fieldErrorsOf } from '@/lib/validation/primitives';

export interface SetupState {
  redirectTo?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

/** First run: names the account and makes the person its Owner, then signs them in. */
export async function setupAction(_previous: SetupState, formData: FormData): Promise<SetupState> {
  const raw = Object.fromEntries(
    ['accountName', 'firstName', 'lastName', 'email', 'password', 'confirmPassword'].map((key) => [key, String(formData.get(key) ?? '')]),
  );
  const values = { accountName: raw.accountName!, firstName: raw.firstName!, lastName: raw.lastName!, email: raw.email! };
  const parsed = setupSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values, message: 'Check the highlighted fields.' };
  try {
    await completeSetup(parsed.data, await getRequestMeta());
  } catch (error) {
    if (error instanceof DalError) return { message: error.message, values };
    throw error;
  }
  try {
    await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (error) {
    // The account exists; if signing in fails for any reason, the sign-in page takes over.
    if (error instanceof AuthError) return { redirectTo: '/login' };
    throw error;
  }
  return { redirectTo: '/dashboard' };
}
