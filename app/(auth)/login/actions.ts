'use server';

import { AuthError } from 'next-auth';
import { formAction } from '@/lib/actions/form';
import { signIn } from '@/lib/auth/auth';
import { DalError } from '@/lib/dal/core/errors';
import { safeNextPath } from '@/lib/http/client';
import { loginSchema } from '@/lib/validation/auth';

function refusalMessage(code: string): string {
  const [kind, seconds] = code.split(':');
  switch (kind) {
    case 'locked': {
      const minutes = Math.max(1, Math.ceil(Number(seconds) / 60));
      return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    }
    case 'deactivated':
      return 'Your access has been deactivated. Ask an administrator if you need it back.';
    case 'access_expired':
      return 'Your temporary access has expired. Ask an administrator if you need it extended.';
    case 'pending':
      return 'Your membership is waiting for an administrator’s approval. You can sign in once it is approved.';
    case 'no_account':
      return 'This login does not belong to any account yet.';
    default:
      return 'The email or password is incorrect.';
  }
}

/** Signs a person in with email and password; every refusal comes back as a message for the form. */
export const loginAction = formAction(
  { fields: ['email', 'password', 'next'], optional: ['next'], keep: ['email'], schema: loginSchema },
  async ({ email, password, next }): Promise<{ redirectTo: string }> => {
    try {
      await signIn('credentials', { email, password, redirect: false });
      // Where the browser goes next: a fresh request, so middleware.ts sees the new session.
      return { redirectTo: safeNextPath(next) };
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const code = error.type === 'CredentialsSignin' ? ((error as AuthError & { code?: string }).code ?? 'invalid') : 'error';
      if (code === 'error') {
        console.error('[login]', error);
        throw new DalError('unavailable', 'Sign-in is unavailable right now. Try again in a moment.');
      }
      throw new DalError(code.startsWith('locked') ? 'rate_limited' : 'forbidden', refusalMessage(code));
    }
  },
);
