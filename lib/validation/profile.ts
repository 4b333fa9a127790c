import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { checkPassword, PASSWORD_MAX } from '@/lib/auth/password-policy';
import { emailSchema, multilineTextSchema, personNameSchema, secretTextSchema, textSchema } from './primitives';
import { DEFAULT_NOTIFICATION_PREFS, DESCRIPTION_MAX, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind, type NotificationPrefs } from './profile-options';

export * from './profile-options';

/** Name and description: the "About you" section. The description is plain text, always shown as text. */
export const profileDetailsSchema = z.object({
  firstName: personNameSchema('first name'),
  lastName: personNameSchema('last name', { required: false }),
  description: multilineTextSchema({}, 'A description cannot contain control characters.')
    .max(DESCRIPTION_MAX * 2)
    .transform((value) => value.replace(/\r\n?/g, '\n').trim())
    .refine((value) => [...value].length <= DESCRIPTION_MAX, `A description has at most ${DESCRIPTION_MAX} characters.`)
    // Newlines and tabs are fine in a description; other control characters are not text.
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'A description cannot contain control characters.'),
});
export type ProfileDetailsInput = z.infer<typeof profileDetailsSchema>;

/** An empty contact email means "use my login email". */
export const contactEmailSchema = z.object({
  contactEmail: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), emailSchema.nullable()),
});

/**
 * A phone number in international form (+ and country code), validated for its country's numbering plan
 * and stored normalised as E.164 (+4930123456). Empty removes the phone.
 */
export const phoneNumberSchema = textSchema({ error: 'Enter a phone number.' }, 'That is not a phone number.')
  .trim()
  .max(40, 'That is not a phone number.')
  .transform((value, ctx) => {
    if (value === '') return null;
    if (!value.startsWith('+') && !value.startsWith('00')) {
      ctx.addIssue({ code: 'custom', message: 'Enter the number in international form, starting with + and the country code (e.g. +44 20 7946 0958).' });
      return z.NEVER;
    }
    const parsed = parsePhoneNumberFromString(value.startsWith('00') ? `+${value.slice(2)}` : value);
    if (!parsed || !parsed.isValid()) {
      ctx.addIssue({ code: 'custom', message: 'This is not a valid phone number for its country. Check the country code and the digits.' });
      return z.NEVER;
    }
    // A text message cannot reach an extension: say so rather than quietly dropping it.
    if (parsed.ext) {
      ctx.addIssue({ code: 'custom', message: 'Enter the number without an extension: text messages cannot reach one.' });
      return z.NEVER;
    }
    return parsed.number;
  });

export const phoneSchema = z.object({ phone: phoneNumberSchema });

export const phoneCodeSchema = z.object({
  code: textSchema({ error: 'Enter the 6-digit code.' }, 'Enter the 6-digit code from the text message.')
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from the text message.')),
});

const kindKeys = NOTIFICATION_KINDS.map((kind) => kind.key) as [NotificationKind, ...NotificationKind[]];
const channelSchema = z.enum(NOTIFICATION_CHANNELS.map((channel) => channel.key) as [NotificationChannel, ...NotificationChannel[]]);

export const notificationPrefsSchema = z.object({
  prefs: z
    .record(z.enum(kindKeys), z.array(channelSchema).max(3))
    .transform((prefs) => Object.fromEntries(kindKeys.map((kind) => [kind, [...new Set(prefs[kind] ?? [])].sort()])) as NotificationPrefs),
});

/** The stored preferences, completed with the defaults and cleaned of anything unknown. */
export function normalizeNotificationPrefs(stored: Record<string, string[]> | null | undefined): NotificationPrefs {
  const channels = new Set<string>(NOTIFICATION_CHANNELS.map((channel) => channel.key));
  return Object.fromEntries(
    kindKeys.map((kind) => {
      const chosen = stored?.[kind];
      return [kind, Array.isArray(chosen) ? (chosen.filter((channel) => channels.has(channel)) as NotificationChannel[]) : DEFAULT_NOTIFICATION_PREFS[kind]];
    }),
  ) as NotificationPrefs;
}

/**
 * My own password: the current one proves it is me; the new one follows the one policy, checked against my
 * own name and email (`context`, from the session, never from the form).
 */
export function changeMyPasswordSchema(context: string[]) {
  return z
    .object({
      currentPassword: secretTextSchema({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(PASSWORD_MAX * 4, 'That password is too long.'),
      password: secretTextSchema({ error: 'Choose a new password.' }).max(PASSWORD_MAX * 4, 'That password is too long.'),
      confirmPassword: secretTextSchema().max(PASSWORD_MAX * 4),
    })
    .superRefine((value, ctx) => {
      const result = checkPassword(value.password, context);
      if (!result.ok) ctx.addIssue({ code: 'custom', path: ['password'], message: result.message ?? 'Choose a stronger password.' });
      else if (value.password === value.currentPassword) ctx.addIssue({ code: 'custom', path: ['password'], message: 'Choose a password different from your current one.' });
      else if (value.password !== value.confirmPassword) ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The two passwords differ.' });
    });
}

export const revokeMySessionSchema = z.object({ sessionIdHash: z.string().regex(/^[A-Za-z0-9_-]{20,128}$/, 'Unknown session.') });

/** The link that confirms a contact email: its token is the credential. */
export const contactEmailTokenSchema = z.object({ token: secretTextSchema().min(20).max(100) });
