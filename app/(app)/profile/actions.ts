'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction } from '@/lib/actions/result';
import { actorOf, getRequestMeta, requireMember } from '@/lib/auth/current';
import { changeMyPassword, revokeMyOtherSessions, revokeMySession, type SelfActor } from '@/lib/dal/my-security';
import { resendMyContactEmailLink, setMyContactEmail, setMyNotificationPrefs, updateMyDetails } from '@/lib/dal/profile';
import { sendMyPhoneCode, setMyPhone, verifyMyPhone } from '@/lib/dal/profile-phone';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { changeMyPasswordSchema, contactEmailSchema, notificationPrefsSchema, phoneCodeSchema, phoneSchema, profileDetailsSchema, revokeMySessionSchema } from '@/lib/validation/profile';

// Every action here acts on the signed-in person's own profile: a session is all it needs (Guests too).
async function self(): Promise<SelfActor> {
  const session = await requireMember();
  return { ...actorOf(session), sessionIdHash: session.sessionIdHash };
}

/** Name and description. The whole shell re-renders, so the sidebar shows the new name at once. */
export async function updateProfileDetailsAction(input: unknown) {
  return runAction(profileDetailsSchema, input, async (data) => {
    await updateMyDetails(await self(), data, await getRequestMeta());
    revalidatePath('/', 'layout');
    return null;
  });
}

export async function setContactEmailAction(input: unknown) {
  return runAction(contactEmailSchema, input, async ({ contactEmail }) => {
    const outcome = await setMyContactEmail(await self(), contactEmail, { origin: await appOrigin() }, await getRequestMeta());
    if (outcome === 'verification_sent') kickMailWorker();
    revalidatePath('/profile');
    return outcome;
  });
}

export async function resendContactEmailAction() {
  return runAction(z.object({}), {}, async () => {
    await resendMyContactEmailLink(await self(), { origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    return null;
  });
}

export async function setPhoneAction(input: unknown) {
  return runAction(phoneSchema, input, async ({ phone }) => {
    const outcome = await setMyPhone(await self(), phone, await getRequestMeta());
    revalidatePath('/profile');
    return { outcome, phone };
  });
}

export async function sendPhoneCodeAction() {
  return runAction(z.object({}), {}, async () => {
    const result = await sendMyPhoneCode(await self(), await getRequestMeta());
    revalidatePath('/profile');
    return result;
  });
}

export async function verifyPhoneAction(input: unknown) {
  return runAction(phoneCodeSchema, input, async ({ code }) => {
    await verifyMyPhone(await self(), code, await getRequestMeta());
    revalidatePath('/profile');
    return null;
  });
}

export async function setNotificationPrefsAction(input: unknown) {
  return runAction(notificationPrefsSchema, input, async ({ prefs }) => {
    await setMyNotificationPrefs(await self(), prefs, await getRequestMeta());
    revalidatePath('/profile');
    return null;
  });
}

/** My password: the current one required, the policy checked against my own name and email. */
export async function changeMyPasswordAction(input: unknown) {
  const session = await requireMember();
  const context = [session.user.firstName, session.user.lastName, session.user.email];
  return runAction(changeMyPasswordSchema(context), input, async ({ currentPassword, password }) => {
    const result = await changeMyPassword(await self(), currentPassword, password, await getRequestMeta());
    revalidatePath('/profile');
    return result;
  });
}

export async function revokeMySessionAction(input: unknown) {
  return runAction(revokeMySessionSchema, input, async ({ sessionIdHash }) => {
    await revokeMySession(await self(), sessionIdHash, await getRequestMeta());
    revalidatePath('/profile');
    return null;
  });
}

export async function revokeMyOtherSessionsAction() {
  return runAction(z.object({}), {}, async () => {
    const result = await revokeMyOtherSessions(await self(), await getRequestMeta());
    revalidatePath('/profile');
    return result;
  });
}
