'use server';

import { setTimeout as sleep } from 'node:timers/promises';
import { getRequestMeta } from '@/lib/auth/current';
import { DalError } from '@/lib/dal/errors';
import { requestPasswordReset } from '@/lib/dal/password-reset';
import { appOrigin } from '@/lib/http/origin';
import { forgotPasswordSchema } from '@/lib/validation/auth';
import { fieldErrorsOf } from '@/lib/validation/primitives';

export interface ForgotPasswordState {
  /** The address the answer is about: the same answer whether or not it has a login. */
  sentTo?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
  email?: string;
}

/**
 * Every answer takes at least this long: what is done for an email with a login (a token, a mail) or
 * without one differs by a few milliseconds, and the time to answer must not tell them apart.
 */
const ANSWER_FLOOR_MS = 400;

/** "Forgot password": mails a reset link when the email has a login; the answer never says whether it has. */
export async function forgotPasswordAction(_previous: ForgotPasswordState, formData: FormData): Promise<ForgotPasswordState> {
  const started = performance.now();
  const raw = formData.get('email');
  const email = typeof raw === 'string' ? raw.slice(0, 254) : '';
  const parsed = forgotPasswordSchema.safeParse({ email: raw });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), email };
  try {
    await requestPasswordReset(parsed.data.email, { origin: await appOrigin() }, await getRequestMeta());
    return { sentTo: parsed.data.email };
  } catch (error) {
    if (error instanceof DalError) return { message: error.message, email };
    throw error;
  } finally {
    await sleep(Math.max(0, ANSWER_FLOOR_MS - (performance.now() - started)));
  }
}
