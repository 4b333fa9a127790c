import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createRoleSchema, explainedNameSchema, memberSearchSchema, privilegeListSchema } from '@/lib/validation/access';
import { addMemberSchema } from '@/lib/validation/add-member';
import { loginSchema, switchAccountSchema } from '@/lib/validation/auth';
import { inviteRowSchema } from '@/lib/validation/invitations';
import { parseInviteQuery } from '@/lib/validation/invites-query';
import { accountNameSchema, emailSchema, multilineTextSchema, personNameSchema, secretTextSchema, textSchema } from '@/lib/validation/primitives';
import { changeMyPasswordSchema, phoneCodeSchema, phoneSchema, profileDetailsSchema } from '@/lib/validation/profile';
import { toggleMatrixCellSchema } from '@/lib/validation/role-matrix';
import { leaveDecisionSchema, leaveRequestSchema, workplaceSchema, workScheduleSchema } from '@/lib/validation/work';

const UUID = '6f1c1a3e-8f43-4a55-9d5e-2b8f7a0c9d11';

describe('the text primitives refuse NUL and other control characters, with a message', () => {
  it.each([
    ['one line', textSchema(), 'a\u0000b', 'a b é 😀'],
    ['one line, C1 control', textSchema(), 'a\u0085b', 'a\u00a0b'],
    ['multi-line', multilineTextSchema(), 'a\u0000b', 'a\n\tb\r\n'],
    ['secret', secretTextSchema(), 'pass\u0000word', 'pass \u0001 word ünïcödé'],
  ])('%s', (_label, schema, refused, accepted) => {
    const result = schema.safeParse(refused);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/control characters|NUL/);
    expect(schema.safeParse(accepted).success).toBe(true);
  });

  it.each([
    ['one line', textSchema()],
    ['multi-line', multilineTextSchema()],
    ['secret', secretTextSchema()],
    ['person name', personNameSchema('first name')],
    ['account name', accountNameSchema],
  ])('%s: half a surrogate pair is not text (PostgreSQL cannot store it)', (_label, schema) => {
    expect(schema.safeParse('Ada\ud800').error?.issues[0]?.message).toBe('This text contains an invalid character.');
    expect(schema.safeParse('Ada 😀').success).toBe(true);
  });

  it('the named primitives too', () => {
    expect(emailSchema.safeParse('ada\u0000@example.com').success).toBe(false);
    expect(personNameSchema('first name').safeParse('Ada\u0000').success).toBe(false);
    expect(accountNameSchema.safeParse('Acme\u0000').success).toBe(false);
  });
});

// Every text field of every form schema: NUL is a validation failure (a message), never a value that reaches
// PostgreSQL and fails there.
const NUL = 'x\u0000y';
const cases: [string, z.ZodType, Record<string, unknown>][] = [
  ['member search', memberSearchSchema, { q: NUL }],
  ['sign-in email', loginSchema, { email: NUL, password: 'correct horse battery' }],
  ['sign-in password', loginSchema, { email: 'ada@example.com', password: NUL }],
  ['sign-in next', loginSchema, { email: 'ada@example.com', password: 'correct horse battery', next: `/${NUL}` }],
  ['switch account next', switchAccountSchema, { accountId: UUID, next: `/${NUL}` }],
  ['role name', createRoleSchema, { name: NUL, baseRoleId: UUID }],
  ['role description', createRoleSchema, { name: 'Sales', description: NUL, baseRoleId: UUID }],
  ['role privileges', createRoleSchema, { name: 'Sales', privileges: `app.crm\u0000`, baseRoleId: UUID }],
  ['role permission', createRoleSchema, { name: 'Sales', permissions: [NUL], baseRoleId: UUID }],
  ['add member permission', addMemberSchema, { firstName: 'Ada', email: 'ada@example.com', roleId: UUID, grants: [NUL] }],
  ['invite row email', inviteRowSchema, { email: NUL }],
  ['invite row name', inviteRowSchema, { email: 'ada@example.com', firstName: NUL }],
  ['profile description', profileDetailsSchema, { firstName: 'Ada', lastName: '', description: NUL }],
  ['phone', phoneSchema, { phone: `+44 20 7946 0958${'\u0000'}` }],
  ['phone code', phoneCodeSchema, { code: '123\u0000456' }],
  ['new password', changeMyPasswordSchema([]), { currentPassword: 'old one', password: `${NUL}correct horse battery staple`, confirmPassword: `${NUL}correct horse battery staple` }],
  ['matrix name', toggleMatrixCellSchema, { roleId: UUID, name: NUL, granted: true, version: 1 }],
  ['leave note', leaveRequestSchema, { startsOn: '2030-01-01', endsOn: '2030-01-02', note: NUL }],
  ['leave decision note', leaveDecisionSchema, { requestId: UUID, decision: 'approve', note: NUL }],
  ['workplace name', workplaceSchema, { kind: 'place', placeName: NUL }],
  ['time zone', workScheduleSchema, { timeZone: NUL, days: [[], [], [], [], [], [], []] }],
];

describe('form schemas refuse a NUL in every text field', () => {
  it.each(cases)('%s', (_label, schema, input) => {
    expect(schema.safeParse(input).success).toBe(false);
  });

  it('a NUL in the explained name or privilege list is refused too', () => {
    expect(explainedNameSchema.safeParse('users.manage\u0000').success).toBe(false);
    expect(privilegeListSchema.safeParse('app.crm\u0000').success).toBe(false);
  });

  it('a query string with a NUL falls back to the default instead', () => {
    expect(parseInviteQuery({ q: 'ada\u0000' }).q).toBe('');
  });
});
