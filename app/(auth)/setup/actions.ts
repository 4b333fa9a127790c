'use server';

import { AuthError } from 'next-auth';
import { formAction } from '@/lib/actions/form';
import { signIn } from '@/lib/auth/auth';
import { completeSetup } from '@/lib/dal/setup';
import { setupSchema } from '@/lib/validation/auth';

/** First run: names the account and makes the person its Owner, then signs them in. */
export const setupAction = formAction(
  { fields: ['accountName', 'firstName', 'lastName', 'email', 'password', 'confirmPassword'], keep: ['accountName', 'firstName', 'lastName', 'email'], schema: setupSchema },
  async (input, { meta }): Promise<{ redirectTo: string }> => {
    await completeSetup(input, meta);
    try {
      await signIn('credentials', { email: input.email, password: input.password, redirect: false });
    } catch (error) {
      // The account exists; if signing in fails for any reason, the sign-in page takes over.
      if (error instanceof AuthError) return { redirectTo: '/login' };
      throw error;
    }
    return { redirectTo: '/dashboard' };
  },
);
