import 'server-only';
import { AuthError } from 'next-auth';
import { signIn } from './auth';

/**
 * Signs a person in right after their password was set (setup, activation, reset, accepting an invitation)
 * and says where the browser goes next: `then`, or — the password is stored either way — `otherwise` when
 * this sign-in is refused (say, every membership deactivated), where the sign-in page tells why.
 */
export async function signInAfterPasswordSet(email: string, password: string, to: { then: string; otherwise: string }): Promise<{ redirectTo: string }> {
  try {
    await signIn('credentials', { email, password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) return { redirectTo: to.otherwise };
    throw error;
  }
  return { redirectTo: to.then };
}
