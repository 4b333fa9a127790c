import { z } from 'zod';
import { now } from '@/lib/clock';
import { emailSchema, textSchema } from './primitives';

export const MAX_INVITES = 1_000;
const YEAR_MS = 366 * 86_400_000;

/** Addresses typed or pasted: separated by commas, spaces, semicolons or new lines. */
export function splitAddresses(raw: string): string[] {
  return raw.split(/[\s,;]+/).map((part) => part.trim()).filter(Boolean);
}

export const inviteRowSchema = z.object({
  email: textSchema().max(320),
  roleId: z.uuid().optional(),
  /** A CSV row names its role; unknown names are refused for that row. */
  roleName: textSchema().trim().max(60).optional(),
  firstName: textSchema().trim().max(100).default(''),
  lastName: textSchema().trim().max(100).default(''),
  /** A CSV row may name departments (issue 16), separated by ";" or "|": added to those the dialog picked. */
  departments: textSchema().trim().max(1_000).optional(),
});

/** Department names from a CSV cell: "Sales; EMEA" or "Sales|EMEA". */
export function splitDepartmentNames(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/[;|]/)
    .map((name) => name.trim())
    .filter(Boolean);
}

/**
 * The invite dialog: rows (typed, pasted or from a CSV, at most 1,000), login type, the default role, and an
 * optional temporary end of access, which must lie in the future and within a year.
 */
export const inviteSchema = z
  .object({
    rows: z.array(inviteRowSchema).min(1, 'Enter at least one email address.').max(MAX_INVITES, `Invite at most ${MAX_INVITES.toLocaleString('en')} people at once.`),
    roleId: z.uuid('Pick a role.'),
    loginType: z.enum(['local', 'sso']).default('local'),
    accessExpiresAt: z.coerce.date().nullable().default(null),
    linkDays: z.coerce.number().int().min(1).max(30).default(7),
    // Issue 16: where everyone invited is placed when they accept.
    departmentIds: z
      .array(z.uuid({ error: 'Pick departments of this account.' }))
      .max(50, 'Pick at most 50 departments.')
      .default([])
      .transform((ids) => [...new Set(ids)]),
    teamId: z.preprocess((value) => (value === '' || value === undefined ? null : value), z.uuid({ error: 'Pick a team of this account.' }).nullable()),
    groupIds: z
      .array(z.uuid({ error: 'Pick groups of this account.' }))
      .max(50, 'Pick at most 50 groups.')
      .default([])
      .transform((ids) => [...new Set(ids)]),
  })
  .superRefine((value, ctx) => {
    if (!value.accessExpiresAt) return;
    const at = now().getTime();
    if (value.accessExpiresAt.getTime() <= at) ctx.addIssue({ code: 'custom', path: ['accessExpiresAt'], message: 'The end of access must lie in the future.' });
    else if (value.accessExpiresAt.getTime() > at + YEAR_MS) ctx.addIssue({ code: 'custom', path: ['accessExpiresAt'], message: 'The end of access must lie within a year.' });
  });
export type InviteInput = z.infer<typeof inviteSchema>;

/** One row's address, checked on its own so a bad row is reported without refusing the others. */
export function checkAddress(raw: string): { ok: true; email: string } | { ok: false; reason: string } {
  const parsed = emailSchema.safeParse(raw);
  return parsed.success ? { ok: true, email: parsed.data } : { ok: false, reason: parsed.error.issues[0]?.message ?? 'Not a valid email address.' };
}

export const INVITATION_STATUSES = ['waiting', 'completed', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** One invitation of the actor's account. */
export const invitationRefSchema = z.object({ invitationId: z.uuid() });
