import { describe, expect, it } from 'vitest';
import { failureSuffix } from '@/components/auth/sign-in-failure';
import { MAX_BATCH_SIZE } from '@/lib/mail/sender';
import {
  changeMyPasswordSchema,
  contactEmailSchema,
  DEFAULT_NOTIFICATION_PREFS,
  DESCRIPTION_MAX,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  normalizeNotificationPrefs,
  notificationPrefsSchema,
  phoneCodeSchema,
  phoneNumberSchema,
  profileDetailsSchema,
  revokeMySessionSchema,
} from '@/lib/validation/profile';

const messagesOf = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues.map((issue) => issue.message) ?? [];

describe('name and description', () => {
  const details = (override: Record<string, string>) => profileDetailsSchema.safeParse({ firstName: 'Ada', lastName: 'Lovelace', description: '', ...override });

  it('trims names and allows an empty last name but not an empty first name', () => {
    expect(details({ firstName: '  Ada ', lastName: '' }).data).toMatchObject({ firstName: 'Ada', lastName: '' });
    expect(messagesOf(details({ firstName: '   ' }))).toEqual(['Enter a first name.']);
  });

  it.each([
    ['firstName', '<b>Ada</b>', 'A first name cannot contain < > or control characters.'],
    ['lastName', 'Love\u0000lace', 'A last name cannot contain < > or control characters.'],
    ['lastName', 'x'.repeat(101), 'A last name has at most 100 characters.'],
  ])('refuses a %s of %j', (field, value, message) => {
    expect(messagesOf(details({ [field]: value }))).toContain(message);
  });

  it('accepts a 100-character name', () => {
    expect(details({ firstName: 'x'.repeat(100) }).success).toBe(true);
  });

  it('normalises line breaks and trims the description, keeping tabs and newlines', () => {
    expect(details({ description: '  Line one\r\nLine two\rLine\tthree\n\n ' }).data?.description).toBe('Line one\nLine two\nLine\tthree');
  });

  it(`counts the description in characters, not UTF-16 units: ${DESCRIPTION_MAX} emoji fit, one more does not`, () => {
    expect(details({ description: '😀'.repeat(DESCRIPTION_MAX) }).success).toBe(true);
    expect(details({ description: 'a'.repeat(DESCRIPTION_MAX) }).success).toBe(true);
    expect(messagesOf(details({ description: 'a'.repeat(DESCRIPTION_MAX + 1) }))).toEqual([`A description has at most ${DESCRIPTION_MAX} characters.`]);
  });

  it('does not count surrounding whitespace against the limit', () => {
    expect(details({ description: `  ${'a'.repeat(DESCRIPTION_MAX)}\n\n` }).success).toBe(true);
  });

  it.each(['\u0007', '\u001b[31m', '\u007f', '\u000b'])('refuses the control character %j in a description', (control) => {
    expect(messagesOf(details({ description: `Hello ${control} there` }))).toEqual(['A description cannot contain control characters.']);
  });
});

describe('contact email', () => {
  it('reads an empty contact email as "use my login email"', () => {
    expect(contactEmailSchema.parse({ contactEmail: '   ' })).toEqual({ contactEmail: null });
  });

  it('normalises a contact email and refuses one that is not an address', () => {
    expect(contactEmailSchema.parse({ contactEmail: ' Ada@Example.COM ' })).toEqual({ contactEmail: 'ada@example.com' });
    expect(contactEmailSchema.safeParse({ contactEmail: 'ada@' }).success).toBe(false);
  });
});

describe('phone numbers', () => {
  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+1 (202) 456-1111', '+12024561111'],
    ['+49 30 123456', '+4930123456'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['  +33612345678  ', '+33612345678'],
  ])('stores %j normalised as %s', (input, e164) => {
    expect(phoneNumberSchema.parse(input)).toBe(e164);
  });

  it('reads a number already stored normalised back unchanged', () => {
    for (const stored of ['+442079460958', '+12024561111', '+4930123456']) expect(phoneNumberSchema.parse(stored)).toBe(stored);
  });

  it('reads an empty number as "remove my phone"', () => {
    expect(phoneNumberSchema.parse('')).toBeNull();
    expect(phoneNumberSchema.parse('   ')).toBeNull();
  });

  it.each(['020 7946 0958', '2024561111', '44 20 7946 0958'])('asks for the country code when %j has none', (input) => {
    expect(messagesOf(phoneNumberSchema.safeParse(input))[0]).toMatch(/^Enter the number in international form/);
  });

  it.each(['+44 20 7946', '+999 123 456 789', '+1 800 FLOWERS', '+49 0'])('refuses %j as not valid for its country', (input) => {
    expect(messagesOf(phoneNumberSchema.safeParse(input))).toEqual(['This is not a valid phone number for its country. Check the country code and the digits.']);
  });

  it('refuses something far too long to be a phone number', () => {
    expect(messagesOf(phoneNumberSchema.safeParse(`+44 ${'1'.repeat(40)}`))).toEqual(['That is not a phone number.']);
  });

  it('takes a 6-digit code, spaces and all, and nothing else', () => {
    expect(phoneCodeSchema.parse({ code: ' 123 456 ' })).toEqual({ code: '123456' });
    for (const code of ['12345', '1234567', 'abcdef', '12-34-56']) expect(phoneCodeSchema.safeParse({ code }).success).toBe(false);
  });
});

describe('notification preferences', () => {
  const none = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind.key, [] as string[]]));

  it('removes repeated channels and sorts each kind', () => {
    const parsed = notificationPrefsSchema.parse({ prefs: { ...none, tasks: ['sms', 'email', 'in_app'], comments: ['email', 'email'] } });
    expect(parsed.prefs).toEqual({ ...none, tasks: ['email', 'in_app', 'sms'], comments: ['email'] });
  });

  it('refuses an unknown channel, an unknown kind, a missing kind and more than three channels', () => {
    expect(notificationPrefsSchema.safeParse({ prefs: { ...none, tasks: ['pigeon'] } }).success).toBe(false);
    expect(notificationPrefsSchema.safeParse({ prefs: { ...none, birthdays: ['email'] } }).success).toBe(false);
    expect(notificationPrefsSchema.safeParse({ prefs: { tasks: ['email'] } }).success).toBe(false);
    expect(notificationPrefsSchema.safeParse({ prefs: { ...none, tasks: ['email', 'in_app', 'sms', 'email'] } }).success).toBe(false);
  });

  it('gives the defaults to someone who never chose', () => {
    expect(normalizeNotificationPrefs(null)).toEqual(DEFAULT_NOTIFICATION_PREFS);
    expect(normalizeNotificationPrefs(undefined)).toEqual(DEFAULT_NOTIFICATION_PREFS);
    expect(normalizeNotificationPrefs({})).toEqual(DEFAULT_NOTIFICATION_PREFS);
  });

  it('keeps an explicit "nothing" rather than falling back to the defaults', () => {
    expect(normalizeNotificationPrefs({ tasks: [] }).tasks).toEqual([]);
  });

  it('drops unknown channels and kinds, and completes missing kinds with their defaults', () => {
    const stored = { tasks: ['sms', 'carrier-pigeon'], birthdays: ['email'], watched: 'email' as unknown as string[] };
    expect(normalizeNotificationPrefs(stored)).toEqual({ ...DEFAULT_NOTIFICATION_PREFS, tasks: ['sms'] });
  });

  it('offers in-app, email and SMS for every kind, and defaults only to known channels', () => {
    const channels = NOTIFICATION_CHANNELS.map((channel) => channel.key);
    expect(channels).toEqual(['in_app', 'email', 'sms']);
    expect(Object.keys(DEFAULT_NOTIFICATION_PREFS).sort()).toEqual(NOTIFICATION_KINDS.map((kind) => kind.key).sort());
    for (const chosen of Object.values(DEFAULT_NOTIFICATION_PREFS)) for (const channel of chosen) expect(channels).toContain(channel);
    // Nobody gets text messages before they have chosen them (and verified a phone).
    expect(Object.values(DEFAULT_NOTIFICATION_PREFS).flat()).not.toContain('sms');
  });
});

describe('changing my own password', () => {
  const schema = changeMyPasswordSchema(['Ada', 'Lovelace', 'ada@example.com']);
  const strong = 'quiet orbit lantern 42 marsh';
  const change = (override: Record<string, string>) => schema.safeParse({ currentPassword: 'old secret phrase 1', password: strong, confirmPassword: strong, ...override });

  it('accepts a strong new password typed twice', () => {
    expect(change({}).success).toBe(true);
  });

  it('refuses a new password equal to the current one', () => {
    expect(change({ currentPassword: strong }).error?.issues[0]).toMatchObject({ path: ['password'], message: 'Choose a password different from your current one.' });
  });

  it('refuses two different new passwords', () => {
    expect(change({ confirmPassword: `${strong}!` }).error?.issues[0]).toMatchObject({ path: ['confirmPassword'], message: 'The two passwords differ.' });
  });

  it('refuses a missing current password and a weak new one', () => {
    expect(change({ currentPassword: '' }).error?.issues[0]?.path).toEqual(['currentPassword']);
    expect(change({ password: 'short', confirmPassword: 'short' }).error?.issues[0]?.path).toEqual(['password']);
  });
});

describe('small profile rules', () => {
  it('takes only a plausible session hash to revoke', () => {
    expect(revokeMySessionSchema.safeParse({ sessionIdHash: 'a'.repeat(43) }).success).toBe(true);
    for (const sessionIdHash of ['short', 'a'.repeat(129), `${'a'.repeat(30)}/../x`]) expect(revokeMySessionSchema.safeParse({ sessionIdHash }).success).toBe(false);
  });

  it('names the reason of a failed sign-in, and nothing for an unknown or missing one', () => {
    expect(failureSuffix('invalid_credentials')).toBe(' (wrong password)');
    expect(failureSuffix('locked')).toBe(' (refused while locked out)');
    expect(failureSuffix('pending')).toBe(' (refused: awaiting approval)');
    expect(failureSuffix('something_new')).toBe('');
    expect(failureSuffix('')).toBe('');
    expect(failureSuffix(null)).toBe('');
  });

  it("sends mail in batches no larger than Resend's limit of 100", () => {
    expect(MAX_BATCH_SIZE).toBe(100);
  });
});

describe('phone extensions', () => {
  it('refuses a number with an extension instead of dropping it', async () => {
    const { phoneSchema } = await import('@/lib/validation/profile');
    const result = phoneSchema.safeParse({ phone: '+44 20 7946 0958 ext. 12' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/without an extension/);
    expect(phoneSchema.parse({ phone: '+44 20 7946 0958' }).phone).toBe('+442079460958');
  });
});
