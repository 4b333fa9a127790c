import { explainMemberPermission } from '@/lib/dal/members/set-member-access';
import { memberRead } from '@/lib/http/route';
import { explainPermissionSchema } from '@/lib/validation/member-changes';

/** Why a member holds a permission or not: `?membershipId=…&permission=…`. */
export const GET = memberRead(explainPermissionSchema, async ({ membershipId, permission }, { actor }) => explainMemberPermission(actor, membershipId, permission));
