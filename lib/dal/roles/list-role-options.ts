import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { roles } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { mayAssign } from '@/lib/access/escalation';
import { listGranted } from '@/lib/access/resolver';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { compileAccount } from './change-role-graph';

/** A role as the Users tab offers it: in the role filter, the bulk "change role" and the Add user and invite dialogs. */
export interface RoleOption {
  id: string;
  name: string;
  builtinKey: string | null;
  /** The actor holds everything the role grants, so may give it to someone (addMember and setMemberRoles check the same). */
  assignable: boolean;
  /** The system permissions the role grants through its whole chain (the Add user dialog shows them as already given). */
  effectivePermissions: string[];
}

// The order listRoles gives: built-in roles first (Owner, Admin, User, Guest), then custom roles by chain depth and name.
const RANK: Record<string, number> = { owner: 0, admin: 1, user: 2, guest: 3 };

/**
 * Every role of the actor's account as an option to pick, and whether the actor may assign it. Needs
 * users.manage. Unlike listRoles it counts no members (at 200,000 members most of the Users page's work).
 */
export async function listRoleOptions(actor: Actor): Promise<RoleOption[]> {
  const access = await requirePermission(actor, 'users.manage');
  const db = await getDb();
  const [inputs, keys] = await Promise.all([
    loadAccountRoles(actor.accountId),
    db.select({ id: roles.id, builtinKey: roles.builtinKey }).from(roles).where(eq(roles.accountId, actor.accountId)),
  ]);
  // A broken role (see compileRolesTolerant) is offered to nobody until it is fixed.
  const { compiled } = compileAccount(inputs);
  const builtinKeys = new Map(keys.map((row) => [row.id, row.builtinKey]));
  const options = inputs.flatMap((input) => {
    const role = compiled.get(input.id);
    if (!role) return [];
    return {
      option: {
        id: input.id,
        name: input.name,
        builtinKey: builtinKeys.get(input.id) ?? null,
        assignable: mayAssign(access, role),
        effectivePermissions: listGranted(role).permissions,
      },
      depth: role.chain.length,
    };
  });
  const rank = (key: string | null) => (key ? RANK[key]! : 9);
  return options
    .sort((a, b) =>
      a.option.builtinKey || b.option.builtinKey ? rank(a.option.builtinKey) - rank(b.option.builtinKey) : a.depth - b.depth || a.option.name.localeCompare(b.option.name),
    )
    .map(({ option }) => option);
}
