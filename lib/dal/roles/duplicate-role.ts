import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { roles } from '@/db/schema';
import { BUILTIN_ROLES, BUILTIN_ROLE_KEYS } from '@/lib/access/builtin-roles';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor, grantedNames, mayAssign } from '@/lib/access/escalation';
import { ALL_PRIVILEGES, holds, listGranted, type CompiledRole, type EffectiveAccess, type RoleInput } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import type { DuplicateRoleInput } from '@/lib/validation/access';
import { loadAccountRoles, type Reader } from '@/lib/dal/access/load-access';
import { DalError } from '@/lib/dal/core/errors';
import { changeRoleGraph, compileAccount, compileOrRefuse, insertGrants, isUniqueViolation, refuseIfBroken, roleNotFound } from './change-role-graph';
import { type DuplicatePlan } from '@/lib/types/roles';

const NAME_MAX = 60;

/** "Copy of Sales", else "Copy of Sales (2)", … never longer than a role name may be, never taken. */
export function copyName(source: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = `Copy of ${source}`.slice(0, NAME_MAX - suffix.length).trimEnd() + suffix;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Where a copy may be based, best first: the original's own chain, then the built-in roles from the top down. */
function baseCandidates(source: CompiledRole, sourceInput: RoleInput, builtinIds: Map<string, string>): string[] {
  const builtinKey = [...builtinIds].find(([, id]) => id === source.id)?.[0];
  const builtinsBelow = BUILTIN_ROLE_KEYS.filter((key) => !builtinKey || BUILTIN_ROLES[key].rank > BUILTIN_ROLES[builtinKey as keyof typeof BUILTIN_ROLES].rank);
  const own = sourceInput.baseRoleId ? source.chain.slice(1) : [];
  // Guest holds nothing: a copy of Guest is based on Guest itself.
  const fallback = [...builtinsBelow, 'guest'].map((key) => builtinIds.get(key)).filter((id): id is string => Boolean(id));
  return [...new Set([...own, ...fallback])];
}

function planFrom(actorAccess: EffectiveAccess, current: RoleInput[], compiled: Map<string, CompiledRole>, source: RoleInput, meta: { description: string; builtinIds: Map<string, string> }): Omit<DuplicatePlan, 'name'> {
  const byId = new Map(current.map((role) => [role.id, role]));
  const sourceCompiled = compiled.get(source.id)!;
  const baseRoleId = baseCandidates(sourceCompiled, source, meta.builtinIds).find((id) => mayAssign(actorAccess, compiled.get(id)!))!;
  const base = compiled.get(baseRoleId)!;
  let wanted: { permissions: readonly string[]; privileges: readonly string[] };
  if (baseRoleId === source.baseRoleId) {
    wanted = { permissions: source.permissions, privileges: source.privileges };
  } else {
    const had = listGranted(base);
    const all = listGranted(sourceCompiled);
    wanted = {
      permissions: all.permissions.filter((name) => !had.permissions.includes(name)),
      privileges: all.privileges.filter((name) => name !== ALL_PRIVILEGES && !had.privileges.includes(name)),
    };
  }
  const permissions = wanted.permissions.filter((name) => holds(actorAccess, name));
  const privileges = wanted.privileges.filter((name) => holds(actorAccess, name));
  const notCopied = [...wanted.permissions, ...wanted.privileges].filter((name) => !holds(actorAccess, name)).sort();
  const baseName = byId.get(baseRoleId)!.name;
  let baseNote: string | null = null;
  if (!source.baseRoleId) {
    baseNote =
      baseRoleId === source.id
        ? `Based on ${baseName}.`
        : `Based on ${baseName}, with the rest of what ${source.name} has as its own permissions, so you can adjust each one.`;
  } else if (baseRoleId !== source.baseRoleId) {
    baseNote = `Based on ${baseName} instead of ${byId.get(source.baseRoleId)!.name}, which has more than you hold yourself.`;
  }
  return {
    sourceId: source.id,
    sourceName: source.name,
    description: meta.description,
    baseRoleId,
    baseRoleName: baseName,
    permissions: [...permissions].sort(),
    privileges: [...privileges].sort(),
    notCopied,
    everyPrivilegeDropped: sourceCompiled.allPrivileges === true && base.allPrivileges !== true,
    baseNote,
  };
}

/** Plans the copy from the roles as `db` sees them (inside duplicateRole's transaction: as they are now). */
async function loadPlan(actor: Actor, actorAccess: EffectiveAccess, roleId: string, db: Reader, loaded?: RoleInput[]) {
  const [current, rows] = await Promise.all([
    loaded ?? loadAccountRoles(actor.accountId, db),
    db.select({ id: roles.id, builtinKey: roles.builtinKey, description: roles.description }).from(roles).where(eq(roles.accountId, actor.accountId)),
  ]);
  const source = current.find((role) => role.id === roleId);
  const row = rows.find((candidate) => candidate.id === roleId);
  if (!source || !row) throw roleNotFound();
  const builtinIds = new Map(rows.filter((candidate) => candidate.builtinKey).map((candidate) => [candidate.builtinKey!, candidate.id]));
  const graph = compileAccount(current);
  refuseIfBroken(graph, source.id, 'roleId');
  const plan = planFrom(actorAccess, current, graph.compiled, source, { description: row.description, builtinIds });
  const taken = new Set(current.map((role) => role.name.toLowerCase()));
  return { graph, plan: { ...plan, name: copyName(source.name, taken) } satisfies DuplicatePlan };
}

/** What duplicating a role of the actor's account would create. Needs roles.manage. */
export async function planDuplicateRole(actor: Actor, roleId: string): Promise<DuplicatePlan> {
  const actorAccess = await requirePermission(actor, 'roles.manage');
  return (await loadPlan(actor, actorAccess, roleId, await getDb())).plan;
}

/** The copy as saved (the role applied to the cache) and the plan it was made from (what the answer reports). */
interface RoleCopy {
  candidate: RoleInput;
  plan: DuplicatePlan;
}

/**
 * Copies a role (custom or built-in) into a new custom role the actor can then adjust. Needs roles.manage.
 * The copy never holds more than the actor: what they lack is left out and reported in `notCopied`; a
 * base beyond them is replaced by the nearest role they may assign. "Every custom privilege" (the Owner's)
 * is never copied: no custom role can hold it. Refuses a name in use.
 */
export async function duplicateRole(actor: Actor, input: DuplicateRoleInput, meta?: RequestMeta): Promise<{ id: string; name: string; notCopied: string[]; everyPrivilegeDropped: boolean }> {
  const actorAccess = await requirePermission(actor, 'roles.manage');
  const id = randomUUID();
  let copy: RoleCopy | undefined;
  let name = input.name;
  try {
    copy = await changeRoleGraph(actor, ({ candidate }: RoleCopy) => ({ role: candidate }), async ({ tx, audit }, current) => {
      // Planned inside the transaction: the original, its base and the names taken are as they are now.
      const { graph, plan } = await loadPlan(actor, actorAccess, input.roleId, tx, current);
      name ??= plan.name;
      const candidate: RoleInput = { id, name, baseRoleId: plan.baseRoleId, permissions: plan.permissions, privileges: plan.privileges };
      const after = compileOrRefuse([...current, candidate], graph, [id]);
      // By construction the copy is within the actor's access; checked again, as every write is.
      const beyond = beyondActor(actorAccess, grantedNames(after.compiled.get(id)!));
      if (beyond.length > 0) throw new DalError('forbidden', `You cannot create a role with more than you hold yourself. Beyond your permissions: ${beyond.join(', ')}.`);

      await tx.insert(roles).values({ id, accountId: actor.accountId, name, description: plan.description, baseRoleId: plan.baseRoleId });
      await insertGrants(tx, id, plan.permissions, plan.privileges);
      await audit({
        action: 'role.created',
        targetType: 'role',
        targetId: id,
        targetLabel: name,
        after: {
          name,
          description: plan.description,
          baseRoleId: plan.baseRoleId,
          permissions: plan.permissions,
          privileges: plan.privileges,
          copiedFrom: { id: plan.sourceId, name: plan.sourceName },
          notCopied: plan.everyPrivilegeDropped ? [...plan.notCopied, ALL_PRIVILEGES] : plan.notCopied,
        },
      });
      return { candidate, plan };
    }, meta);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DalError('conflict', `A role named “${name}” already exists.`, { name: 'That name is taken.' });
    throw error;
  }
  const { candidate, plan } = copy;
  return { id, name: candidate.name, notCopied: plan.notCopied, everyPrivilegeDropped: plan.everyPrivilegeDropped };
}

