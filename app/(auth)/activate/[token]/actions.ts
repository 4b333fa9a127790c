'use server';

import { formAction } from '@/lib/actions/form';
import { signInAfterPasswordSet } from '@/lib/auth/sign-in-after';
import { activateLogin, lookUpActivation } from '@/lib/dal/members/activate-login';
import { DalError } from '@/lib/dal/core/errors';
import { newPasswordSchema } from '@/lib/validation/auth';
import { secretTextSchema, textSchema } from '@/lib/validation/primitives';

const schema = newPasswordSchema({ token: secretTextSchema().min(20).max(100), email: textSchema(), firstName: textSchema() }, ['email', 'firstName']);

/** Sets the first password through an activation link, then signs the person in. */
export const activateAction = formAction(
  {
    fields: ['token', 'password', 'confirmPassword'],
    schema,
    // The password is checked against the login's own email and first name, looked up from the link.
    complete: async (raw) => {
      const lookup = await lookUpActivation(raw.token ?? '');
      if (!lookup.ok) throw new DalError('not_found', 'This activation link is no longer valid. Ask your administrator for a new one.');
      return { ...raw, email: lookup.details.email, firstName: lookup.details.firstName };
    },
  },
  async ({ token, password }, { meta }): Promise<{ redirectTo: string }> => {
    const { email } = await activateLogin(token, password, meta);
    return signInAfterPasswordSet(email, password, { then: '/', otherwise: '/login' });
  },
);
