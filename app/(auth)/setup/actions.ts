'use server';

import { formAction } from '@/lib/actions/form';
import { signInAfterPasswordSet } from '@/lib/auth/sign-in-after';
import { completeSetup } from '@/lib/dal/setup/complete-setup';
import { setupSchema } from '@/lib/validation/auth';

/** First run: names the account and makes the person its Owner, then signs them in. */
export const setupAction = formAction(
  { fields: ['accountName', 'firstName', 'lastName', 'email', 'password', 'confirmPassword'], keep: ['accountName', 'firstName', 'lastName', 'email'], schema: setupSchema },
  async (input, { meta }): Promise<{ redirectTo: string }> => {
    await completeSetup(input, meta);
    // The account exists; if signing in fails for any reason, the sign-in page takes over.
    return signInAfterPasswordSet(input.email, input.password, { then: '/dashboard', otherwise: '/login' });
  },
);
