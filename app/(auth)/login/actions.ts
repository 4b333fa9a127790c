'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/auth';
import { safeNextPath } from '@/lib/http/client';
import { loginSchema } from '@/lib/validation/auth';
import { fieldErrorsOf } from '@/lib/validation/primitives';

export interface LoginState {
  /** Where the browser goes next: a fresh request, so middleware.ts sees the new session. */
  redirectTo?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
  email?: string;
}

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
export async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const parsed = loginSchema.safeParse({
    email: formData.get('email'),
    password: formData.get('password'),
    next: formData.get('next') ?? undefined,
  });
  const email = String(formData.get('email') ?? '').slice(0, 254);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), email };
  try {
    await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false });
    return { redirectTo: safeNextPath(parsed.data.next) };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error.type === 'CredentialsSignin' ? ((error as AuthError & { code?: string }).code ?? 'invalid') : 'error';
      if (code === 'error') console.error('[login]', error);
      return {
        message: code === 'error' ? 'Sign-in is unavailable right now. Try again in a moment.' : refusalMessage(code),
        email,
      };
    }
    throw error;
  }
}
