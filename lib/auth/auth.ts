import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { appConfig } from '@/lib/config';
import { isSessionOpen } from '@/lib/dal/sessions/manage-sessions';
import { signInWithPassword, type SignInRefusal } from '@/lib/dal/sessions/sign-in-with-password';
import { requestMeta } from '@/lib/http/client';
import { loginSchema } from '@/lib/validation/auth';
import { SESSION_COOKIE } from './cookie';
import { getAuthSecret } from './secret';
import { hashSessionId } from './session-token';

/** A refused sign-in; `code` says why (and, when locked out, how long to wait: `locked:<seconds>`). */
export class SignInRefused extends CredentialsSignin {
  constructor(code: SignInRefusal, retryAfterSeconds?: number) {
    super();
    this.code = retryAfterSeconds ? `${code}:${retryAfterSeconds}` : code;
  }
}

declare module 'next-auth' {
  interface User {
    sid?: string;
  }
}

export const { handlers, signIn, signOut } = NextAuth(() => ({
  secret: getAuthSecret(),
  trustHost: true,
  // Credentials needs the JWT strategy; the token holds only the session id, the registry holds the truth.
  session: { strategy: 'jwt', maxAge: appConfig.sessionTtlHours * 3600 },
  cookies: {
    sessionToken: {
      name: SESSION_COOKIE,
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: appConfig.secureCookies },
    },
  },
  pages: { signIn: '/login', error: '/login' },
  logger: {
    error(error) {
      // A refused sign-in is an answer, not a fault: the action tells the person why.
      if ((error as { type?: string }).type === 'CredentialsSignin') return;
      console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused('invalid');
        const result = await signInWithPassword(parsed.data, requestMeta(request.headers));
        if (!result.ok) throw new SignInRefused(result.code, result.retryAfterSeconds);
        return { id: result.userId, sid: result.sessionId };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.sid) return { sub: user.id, sid: user.sid };
      // next-auth's own endpoints: a revoked or expired session clears the cookie (returning null does).
      if (typeof token.sid !== 'string' || !(await isSessionOpen(hashSessionId(token.sid)))) return null;
      return token;
    },
    session({ session }) {
      return session;
    },
  },
}));
