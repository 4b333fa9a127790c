'use server';

import { signOut } from '@/lib/auth/auth';
import { getRequestMeta, requireSession } from '@/lib/auth/current';
import { DalError } from '@/lib/dal/errors';
import { endAllSessions, endSession, switchAccount } from '@/lib/dal/sessions';
import { safeNextPath } from '@/lib/http/client';
import { switchAccountSchema } from '@/lib/validation/auth';

function actorOf(session: Awaited<ReturnType<typeof requireSession>>) {
  return { sessionIdHash: session.sessionIdHash, user: session.user, accountId: session.membership?.accountId ?? null };
}

/** Ends this session only. */
export async function signOutAction(): Promise<void> {
  const session = await requireSession();
  await endSession(actorOf(session), await getRequestMeta());
  await signOut({ redirectTo: '/login?reason=signed_out' });
}

/** Ends every session of the signed-in person, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  const session = await requireSession();
  await endAllSessions(actorOf(session), await getRequestMeta());
  await signOut({ redirectTo: '/login?reason=signed_out_everywhere' });
}

export interface SwitchState {
  redirectTo?: string;
  message?: string;
}

/** Enters another account the person is an active member of. */
export async function switchAccountAction(_previous: SwitchState, formData: FormData): Promise<SwitchState> {
  const parsed = switchAccountSchema.safeParse({ accountId: formData.get('accountId'), next: formData.get('next') ?? undefined });
  if (!parsed.success) return { message: 'Pick an account.' };
  const session = await requireSession();
  try {
    await switchAccount(actorOf(session), parsed.data.accountId, await getRequestMeta());
  } catch (error) {
    if (error instanceof DalError) return { message: error.message };
    throw error;
  }
  // A fresh request, not a redirect rendered inside this one: the page must see the new account.
  return { redirectTo: safeNextPath(parsed.data.next) };
}
