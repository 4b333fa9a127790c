/** What one request knows about who is signed in: resolved once (in middleware.ts), read everywhere. */
export interface SessionContext {
  sessionIdHash: string;
  /** `avatarKey`: the profile picture the shell shows (lib/storage); absent or null: initials. */
  user: { id: string; email: string; firstName: string; lastName: string; avatarKey?: string | null };
  /** Null while a person in several accounts has not picked one. */
  membership: {
    id: string;
    accountId: string;
    accountName: string;
    roleIds: string[];
    roleNames: string[];
    accessExpiresAt: string | null;
  } | null;
}

export type SessionEnd =
  | 'signed_out'
  | 'signed_out_everywhere'
  | 'session_expired'
  | 'revoked'
  | 'deactivated'
  | 'access_expired'
  | 'pending'
  | 'removed'
  | 'password_changed';

export type SessionResolution = { ok: true; context: SessionContext } | { ok: false; reason: SessionEnd };

/** What /login tells a person whose session ended, by reason. */
export const SESSION_END_MESSAGES: Record<SessionEnd, string> = {
  signed_out: 'You have signed out.',
  signed_out_everywhere: 'You were signed out on every device. Sign in again to continue.',
  session_expired: 'Your session has expired. Sign in again to continue.',
  revoked: 'Your session was ended. Sign in again to continue.',
  deactivated: 'Your access to this account has been deactivated. Ask an administrator if you need it back.',
  access_expired: 'Your temporary access to this account has expired.',
  pending: 'Your membership is waiting for an administrator’s approval.',
  removed: 'You no longer have access to this account.',
  password_changed: 'Your password was changed. Sign in with the new one.',
};
