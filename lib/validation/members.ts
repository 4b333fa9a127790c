import { z } from 'zod';

export const MEMBER_SORTS = ['name', 'email', 'phone', 'role', 'login', 'status', 'lastSignIn'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export const MEMBER_STATUS_FILTERS = ['active', 'temporary', 'expired', 'deactivated', 'pending'] as const;
export type MemberStatusFilter = (typeof MEMBER_STATUS_FILTERS)[number];
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/** The Users tab's state as it stands in the URL. Anything malformed falls back to the default. */
export const memberQuerySchema = z.object({
  q: z.string().trim().max(100).catch('').default(''),
  role: z.uuid().nullable().catch(null).default(null),
  status: z.enum(MEMBER_STATUS_FILTERS).nullable().catch(null).default(null),
  login: z.enum(['local', 'sso']).nullable().catch(null).default(null),
  sort: z.enum(MEMBER_SORTS).catch('name').default('name'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  size: z.coerce
    .number()
    .refine((value) => (PAGE_SIZES as readonly number[]).includes(value))
    .catch(25)
    .default(25),
});
export type MemberQuery = z.infer<typeof memberQuerySchema>;

/** Reads the query from Next's searchParams (arrays and junk included). */
export function parseMemberQuery(params: Record<string, string | string[] | undefined>): MemberQuery {
  const first = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return memberQuerySchema.parse({
    q: first('q'),
    role: first('role') || null,
    status: first('status') || null,
    login: first('login') || null,
    sort: first('sort'),
    dir: first('dir'),
    page: first('page'),
    size: first('size'),
  });
}
