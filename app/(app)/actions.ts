'use server';

import { formAction } from '@/lib/actions/form';
import { signOut } from '@/lib/auth/auth';
import { getRequestMeta, requireSession } from '@/lib/auth/current';
import { endAllSessions, endSession, switchAccount } from '@/lib/dal/sessions/manage-sessions';
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

/** Enters another account the person is an active member of. */
export const switchAccountAction = formAction(
  { fields: ['accountId', 'next'], optional: ['next'], schema: switchAccountSchema },
  async ({ accountId, next }, { meta }): Promise<{ redirectTo: string }> => {
    const session = await requireSession();
    await switchAccount(actorOf(session), accountId, meta);
    // A fresh request, not a redirect rendered inside this one: the page must see the new account.
    return { redirectTo: safeNextPath(next) };
  },
);
