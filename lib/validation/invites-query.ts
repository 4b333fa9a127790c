import { z } from 'zod';
import { INVITATION_STATUSES } from './invitations';
import { textSchema } from './primitives';

export const INVITE_SORTS = ['email', 'created', 'expires', 'responded'] as const;

/** The Invites tab's state as it stands in the URL; junk falls back to the defaults. */
export const inviteQuerySchema = z.object({
  q: textSchema().trim().max(100).catch('').default(''),
  status: z.enum(INVITATION_STATUSES).nullable().catch('waiting').default('waiting'),
  sort: z.enum(INVITE_SORTS).catch('created').default('created'),
  dir: z.enum(['asc', 'desc']).catch('desc').default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  size: z.coerce.number().refine((value) => [10, 25, 50, 100].includes(value)).catch(25).default(25),
});
export type InviteQuery = z.infer<typeof inviteQuerySchema>;

export function parseInviteQuery(params: Record<string, string | string[] | undefined>): InviteQuery {
  const first = (key: string) => (Array.isArray(params[key]) ? params[key][0] : params[key]);
  // `status=all` is the explicit "All" filter; no status at all means the default, Waiting.
  const status = first('status');
  return inviteQuerySchema.parse({ q: first('q'), status: status === 'all' ? null : status, sort: first('sort'), dir: first('dir'), page: first('page'), size: first('size') });
}
