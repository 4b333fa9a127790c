import { z } from 'zod';
import { now } from '@/lib/clock';

const YEAR_MS = 366 * 86_400_000;

/**
 * When a member's access ends: at a date-time (in the future, within a year from now), now, or never
 * (permanent). Used by the user page's Access ends control, the activation toggle of an expired member, and
 * the Users tab's bulk "Extend access to…".
 */
export const accessEndChangeSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('until'),
    endsAt: z.coerce.date('Pick the date and time access ends.').refine((date) => !Number.isNaN(date.getTime()), 'Pick the date and time access ends.'),
  }),
  z.object({ mode: z.literal('now') }),
  z.object({ mode: z.literal('permanent') }),
]).superRefine((value, ctx) => {
  if (value.mode !== 'until') return;
  const at = now().getTime();
  if (value.endsAt.getTime() <= at) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end of access must lie in the future. To end it at once, choose “End now”.' });
  else if (value.endsAt.getTime() > at + YEAR_MS) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end of access must lie within a year. For longer, make it permanent.' });
});
export type AccessEndChange = z.infer<typeof accessEndChangeSchema>;

export const memberAccessEndSchema = z.object({ membershipId: z.uuid(), change: accessEndChangeSchema });
