'use server';

import { z } from 'zod';
import { formAction } from '@/lib/actions/form';
import { signInAfterPasswordSet } from '@/lib/auth/sign-in-after';
import { DalError } from '@/lib/dal/core/errors';
import { lookUpPasswordReset, RESET_LINK_INVALID, resetPassword, SSO_ONLY } from '@/lib/dal/sessions/reset-password';
import { newPasswordSchema } from '@/lib/validation/auth';

const schema = newPasswordSchema(
  { token: z.string().min(20).max(100), email: z.string(), firstName: z.string(), lastName: z.string() },
  ['email', 'firstName', 'lastName'],
);

/** Sets a new password through a reset link (the one policy), ends every session of the login, then signs the person in. */
export const resetPasswordAction = formAction(
  {
    fields: ['token', 'password', 'confirmPassword'],
    schema,
    // The password is checked against the login's own email and names, looked up from the link.
    complete: async (raw) => {
      const token = raw.token ?? '';
      const lookup = token && token.length <= 100 ? await lookUpPasswordReset(token) : ({ ok: false, reason: 'unknown' } as const);
      if (!lookup.ok) throw new DalError('not_found', lookup.reason === 'sso' ? SSO_ONLY : RESET_LINK_INVALID);
      return { ...raw, ...lookup.details };
    },
  },
  async ({ token, password }, { meta }): Promise<{ redirectTo: string }> => {
    const { email } = await resetPassword(token, password, meta);
    return signInAfterPasswordSet(email, password, { then: '/', otherwise: '/login?reason=password_changed' });
  },
);
