import { searchMembersForAccess } from '@/lib/dal/roles/explain-member-access';
import { memberRead } from '@/lib/http/route';
import { memberSearchSchema } from '@/lib/validation/access';

/** Members whose name or email contains `?q=` (the "why" page's member picker). */
export const GET = memberRead(memberSearchSchema, async ({ q }, { actor }) => searchMembersForAccess(actor, q));
