'use server';

import { revalidatePath } from 'next/cache';
import { selfAction } from '@/lib/actions/result';
import { requireMember } from '@/lib/auth/current';
import { changeMyPassword, revokeMyOtherSessions, revokeMySession } from '@/lib/dal/profile/my-security';
import { resendMyContactEmailLink, setMyContactEmail, setMyNotificationPrefs, updateMyDetails } from '@/lib/dal/profile/my-profile';
import { sendMyPhoneCode, setMyPhone, verifyMyPhone } from '@/lib/dal/profile/verify-my-phone';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { changeMyPasswordSchema, contactEmailSchema, notificationPrefsSchema, phoneCodeSchema, phoneSchema, profileDetailsSchema, revokeMySessionSchema } from '@/lib/validation/profile';


/** Name and description. The whole shell re-renders, so the sidebar shows the new name at once. */
export const updateProfileDetailsAction = selfAction(profileDetailsSchema, async (data, { self, meta }) => {
  await updateMyDetails(self, data, meta);
  revalidatePath('/', 'layout');
  return null;
});

export const setContactEmailAction = selfAction(contactEmailSchema, async ({ contactEmail }, { self, meta }) => {
  const outcome = await setMyContactEmail(self, contactEmail, { origin: await appOrigin() }, meta);
  if (outcome === 'verification_sent') kickMailWorker();
  revalidatePath('/profile');
  return outcome;
});

export const resendContactEmailAction = selfAction(async ({ self, meta }) => {
  await resendMyContactEmailLink(self, { origin: await appOrigin() }, meta);
  kickMailWorker();
  return null;
});

export const setPhoneAction = selfAction(phoneSchema, async ({ phone }, { self, meta }) => {
  const outcome = await setMyPhone(self, phone, meta);
  revalidatePath('/profile');
  return { outcome, phone };
});

export const sendPhoneCodeAction = selfAction(async ({ self, meta }) => {
  const result = await sendMyPhoneCode(self, meta);
  revalidatePath('/profile');
  return result;
});

export const verifyPhoneAction = selfAction(phoneCodeSchema, async ({ code }, { self, meta }) => {
  await verifyMyPhone(self, code, meta);
  revalidatePath('/profile');
  return null;
});

export const setNotificationPrefsAction = selfAction(notificationPrefsSchema, async ({ prefs }, { self, meta }) => {
  await setMyNotificationPrefs(self, prefs, meta);
  revalidatePath('/profile');
  return null;
});

/** My password: the current one required, the policy checked against my own name and email. */
export async function changeMyPasswordAction(input: unknown) {
  const session = await requireMember();
  const context = [session.user.firstName, session.user.lastName, session.user.email];
  return selfAction(changeMyPasswordSchema(context), async ({ currentPassword, password }, { self, meta }) => {
    const result = await changeMyPassword(self, currentPassword, password, meta);
    revalidatePath('/profile');
    return result;
  })(input);
}

export const revokeMySessionAction = selfAction(revokeMySessionSchema, async ({ sessionIdHash }, { self, meta }) => {
  await revokeMySession(self, sessionIdHash, meta);
  revalidatePath('/profile');
  return null;
});

export const revokeMyOtherSessionsAction = selfAction(async ({ self, meta }) => {
  const result = await revokeMyOtherSessions(self, meta);
  revalidatePath('/profile');
  return result;
});
