import 'server-only';
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { memberships, users } from '@/db/schema';
import { hasPermission, MODULES, permissionDef } from '@/lib/access/catalogue';
import { requireAnyPermission, type Actor } from '@/lib/access/checks';
import { explainPermission, type Explanation } from '@/lib/access/explain';
import { explanationText } from '@/lib/access/explain-text';
import { rolesThroughGroups } from '@/lib/access/member-roles';
import { accessCache } from '@/lib/access/process-cache';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { NAV_ITEMS, type NavItem } from '@/lib/navigation';
import { loadAccountRoles, loadMemberGroups, loadMemberLicenceIds } from '@/lib/dal/access/load-access';
import { targetMembership } from '@/lib/dal/members/target-membership';
import { type MemberChoice } from '@/lib/types/roles';

// "Why" and "view as": what one member's access is made of, read-only, for those who manage roles or users.

/** Members of the actor's account whose name or email contains `q` (the first 20 by name). Needs roles.manage or users.manage. */
export async function searchMembersForAccess(actor: Actor, q: string): Promise<MemberChoice[]> {
  await requireAnyPermission(actor, ['roles.manage', 'users.manage']);
  const db = await getDb();
  const term = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const rows = await db
    .select({ membershipId: memberships.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.accountId, actor.accountId),
        q ? or(ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, term), ilike(users.email, term)) : undefined,
      ),
    )
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.email))
    .limit(20);
  return rows.map((row) => ({ membershipId: row.membershipId, name: `${row.firstName} ${row.lastName}`.trim() || row.email, email: row.email }));
}

/** The custom privileges some role of the actor's account carries: what the "why" picker offers besides the catalogue. */
export async function listAccountPrivileges(actor: Actor): Promise<string[]> {
  await requireAnyPermission(actor, ['roles.manage', 'users.manage']);
  const names = (await loadAccountRoles(actor.accountId)).flatMap((role) => role.privileges).filter((name) => !SYSTEM_SPACE.isSystem(name));
  return [...new Set(names)].sort();
}

export type AccessState = 'open' | 'hidden' | 'denied' | 'unlicensed' | 'not-granted';

export interface NavPreviewItem extends Pick<NavItem, 'href' | 'label' | 'icon' | 'section' | 'permission'> {
  shown: boolean;
  state: AccessState;
  /** Why it is shown or not: "Granted by Salesperson ← User", "Blocked: module hidden for this user"… */
  reason: string;
}

export interface ModuleState {
  key: string;
  label: string;
  state: AccessState;
  reason: string;
}

export interface MemberAccessView {
  /** Their roles with each chain: given directly, or (`group`) held only through that group. */
  member: MemberChoice & { status: string; roles: { id: string; name: string; chain: string[]; group?: { id: string; name: string } }[] };
  overrides: { grants: string[]; denies: string[]; hiddenModules: string[] };
  /** The sidebar the member gets (navFor), and the entries they do not get, with the reason. */
  navigation: NavPreviewItem[];
  modules: ModuleState[];
  explained: { name: string; label: string; kind: 'permission' | 'privilege'; explanation: Explanation; text: string } | null;
}

function stateOf(explanation: Explanation): AccessState {
  if (explanation.granted) return 'open';
  return explanation.source === 'hidden-module' ? 'hidden' : explanation.source === 'deny-override' ? 'denied' : explanation.source === 'licence' ? 'unlicensed' : 'not-granted';
}

/**
 * One member's access, read-only: their roles with each chain, their overrides, the navigation they get
 * (and what is hidden or blocked, and why), and optionally why they hold a permission or privilege or not
 * (the resolver's explanation). Needs roles.manage or users.manage; another account's member is not found.
 */
export async function getMemberAccessView(actor: Actor, membershipId: string, permission?: string): Promise<MemberAccessView> {
  await requireAnyPermission(actor, ['roles.manage', 'users.manage']);
  const target = await targetMembership(actor, membershipId);
  const db = await getDb();
  const [[row], cached, groups, licenceIds] = await Promise.all([
    db.select({ email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.id, membershipId)),
    accessCache().getAccess(actor.accountId, membershipId),
    loadMemberGroups(membershipId),
    loadMemberLicenceIds(membershipId),
  ]);
  const { access, account, member } = cached;
  const through = rolesThroughGroups(target.roles.map((role) => role.id), groups);
  const licences = { gate: account.gate, held: licenceIds };
  const explain = (name: string) => explainPermission(SYSTEM_SPACE, account.roles, account.compiled, member.roleIds, member.overrides, name, through, licences);

  const navigation = NAV_ITEMS.map((item): NavPreviewItem => {
    const shown = item.permission === null || hasPermission(access, item.permission);
    const explanation = item.permission === null ? null : explain(item.permission);
    const reason = explanation ? explanationText(explanation) : 'Everyone has it';
    return { href: item.href, label: item.label, icon: item.icon, section: item.section, permission: item.permission, shown, state: explanation ? stateOf(explanation) : 'open', reason };
  });
  const modules = MODULES.map((module): ModuleState => {
    const explanation = explain(`${module.key}.view`);
    return { key: module.key, label: module.label, state: stateOf(explanation), reason: explanationText(explanation) };
  });
  let explained: MemberAccessView['explained'] = null;
  if (permission) {
    const explanation = explain(permission);
    const system = SYSTEM_SPACE.isSystem(permission);
    explained = { name: permission, label: permissionDef(permission)?.label ?? permission, kind: system ? 'permission' : 'privilege', explanation, text: explanationText(explanation) };
  }
  return {
    member: {
      membershipId,
      name: target.label,
      email: row?.email ?? '',
      status: target.status,
      roles: member.roleIds
        .map((id) => account.compiled.get(id))
        .filter((role) => role !== undefined)
        .map((role) => {
          const group = through.get(role.id);
          return { id: role.id, name: role.name, chain: role.chain.map((id) => account.roles.get(id)!.name), ...(group ? { group } : {}) };
        }),
    },
    overrides: { grants: [...member.overrides.grants], denies: [...member.overrides.denies], hiddenModules: [...member.overrides.hiddenModules] },
    navigation,
    modules,
    explained,
  };
}
