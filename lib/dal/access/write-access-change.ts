import 'server-only';
import { getDb, type Tx } from '@/db/client';
import type { AccessChange } from '@/lib/access/change-channel';
import type { Actor } from '@/lib/access/checks';
import { afterAccessChange } from '@/lib/access/process-cache';
import type { RoleInput } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import { notifyAccessChange } from './announce-access-change';
import { recordAudit, type AuditInput } from '@/lib/dal/core/record-audit';

/** What a write changed in access: an account's roles (with the saved role, to apply in place), memberships, or both. */
export type AccessChangeMade = AccessChange & { role?: RoleInput };

/** An audit entry as a write gives it: the account, the actor and the request come from writeAccessChange. */
export type ActorAudit = Omit<AuditInput, 'accountId' | 'actorUserId' | 'actorName' | 'meta'>;

/** What the write runs with: its transaction, and `audit` recording an entry in it as the actor. */
export interface AccessWrite {
  tx: Tx;
  audit(entry: ActorAudit): Promise<void>;
}

// A NOTIFY payload must stay under 8,000 bytes: 150 ids of 39 characters each, with room to spare.
const IDS_PER_NOTIFY = 150;

/**
 * The one write path for a change of access (roles, a member's roles or overrides, status, access end,
 * adding or deleting a member): runs `write` in one transaction with an `audit` bound to the actor and the
 * request; then, still inside it, announces the change to every process (pg_notify: heard only if the
 * transaction commits); then, once committed, applies it to this process's cache before the caller answers.
 * `change` is what changed, or a function of the write's result that says it (null: nothing changed, so
 * nothing is announced). A change with no audit entry is a bug, refused before it commits.
 */
export async function writeAccessChange<T>(
  actor: Actor,
  change: AccessChangeMade | ((result: T) => AccessChangeMade | null),
  write: (access: AccessWrite) => Promise<T>,
  meta?: RequestMeta,
): Promise<T> {
  const db = await getDb();
  let made: AccessChangeMade | null = null;
  const result = await db.transaction(async (tx) => {
    let audited = 0;
    const audit = async (entry: ActorAudit) => {
      await recordAudit(tx, { ...entry, accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, meta });
      audited += 1;
    };
    const result = await write({ tx, audit });
    made = typeof change === 'function' ? change(result) : change;
    if (made) {
      if (audited === 0) throw new Error('writeAccessChange: an access change must record what it did in the audit log.');
      for (const part of notifications(made)) await notifyAccessChange(tx, part);
    }
    return result;
  });
  if (made) afterAccessChange(made);
  return result;
}

/** The change as NOTIFY payloads: the account (and "all its members") with the first memberships, then the rest in slices. */
export function notifications({ accountId, membershipIds = [], allMembersOf }: AccessChangeMade): AccessChange[] {
  const parts: AccessChange[] = [];
  for (let start = 0; start === 0 || start < membershipIds.length; start += IDS_PER_NOTIFY) {
    const ids = membershipIds.slice(start, start + IDS_PER_NOTIFY);
    const first = start === 0 ? { ...(accountId ? { accountId } : {}), ...(allMembersOf ? { allMembersOf } : {}) } : {};
    parts.push({ ...first, ...(ids.length > 0 ? { membershipIds: ids } : {}) });
  }
  return parts;
}

/**
 * The change for these members of the account: named, when one NOTIFY can carry them; otherwise every
 * member of the account, in one notification (each process then reloads the members it meets next, which
 * costs less than thousands of ids sent in slices). Null when there is nobody.
 */
export function membersChanged(accountId: string, membershipIds: readonly string[]): AccessChangeMade | null {
  if (membershipIds.length === 0) return null;
  return membershipIds.length > IDS_PER_NOTIFY ? { allMembersOf: accountId } : { membershipIds: [...membershipIds] };
}
