'use server';

import { setTimeout as sleep } from 'node:timers/promises';
import { formAction } from '@/lib/actions/form';
import { requestPasswordReset } from '@/lib/dal/sessions/reset-password';
import { appOrigin } from '@/lib/http/origin';
import { forgotPasswordSchema } from '@/lib/validation/auth';

/**
 * Every answer takes at least this long: what is done for an email with a login (a token, a mail) or
 * without one differs by a few milliseconds, and the time to answer must not tell them apart.
 */
const ANSWER_FLOOR_MS = 400;

/** "Forgot password": mails a reset link when the email has a login; the answer never says whether it has. */
export const forgotPasswordAction = formAction(
  { fields: ['email'], keep: ['email'], schema: forgotPasswordSchema },
  async ({ email }, { meta }): Promise<{ sentTo: string }> => {
    const started = performance.now();
    try {
      await requestPasswordReset(email, { origin: await appOrigin() }, meta);
      // The address the answer is about: the same answer whether or not it has a login.
      return { sentTo: email };
    } finally {
      await sleep(Math.max(0, ANSWER_FLOOR_MS - (performance.now() - started)));
    }
  },
);
