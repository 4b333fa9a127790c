import { z } from 'zod';
import { accessEndChangeSchema } from './access-end';
import { newPasswordSchema } from './auth';
import { textSchema } from './primitives';

// What the Users tab and the user page send to change a member.

/** One member, by their membership in the actor's account. */
export const membershipRefSchema = z.object({ membershipId: z.uuid() });

/** The quick activation toggle and guest approval. */
export const memberStatusChangeSchema = z.object({ membershipId: z.uuid(), change: z.enum(['activate', 'deactivate', 'approve']) });

/** Why a member holds a permission or not. */
export const explainPermissionSchema = z.object({ membershipId: z.uuid(), permission: textSchema().min(1).max(64) });

/** The Change password widget (another member's password, so no name or email to test it against). */
export const memberPasswordSchema = newPasswordSchema({ membershipId: z.uuid() }, []);

/** Signing one of a member's sessions out. */
export const memberSessionSchema = z.object({ membershipId: z.uuid(), sessionIdHash: textSchema().min(20).max(64) });

/** Bulk activate, deactivate, change role or extend access. */
export const bulkMembersSchema = z
  .object({
    membershipIds: z.array(z.uuid()).min(1, 'Select at least one user.').max(500, 'Select at most 500 users at a time.'),
    operation: z.enum(['activate', 'deactivate', 'role', 'extend']),
    roleId: z.uuid().nullable().default(null),
    accessEndsAt: z.string().max(40).nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if (value.operation !== 'extend') return;
    const parsed = accessEndChangeSchema.safeParse({ mode: 'until', endsAt: value.accessEndsAt ?? '' });
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['accessEndsAt'], message: parsed.error.issues[0]?.message ?? 'Pick the date and time access ends.' });
  });
