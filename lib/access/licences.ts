import { emptyMask, type Mask, type MaskWords, type PermissionSpace } from './permission-space';

/*
 * Licence gating (issue 17), pure. An account's licence pools each unlock system permissions and whole
 * modules. Whatever a pool unlocks is *gated*: a member holds it only while they hold a seat of a valid pool
 * that unlocks it, whatever their roles (or an override) say. So a member's access is: their roles'
 * permissions and override grants, then the gate (gated bits kept only where a held, valid licence unlocks
 * them), then denials and hidden modules. Custom privileges are never gated (pools unlock the catalogue's
 * permissions only), nor are the permissions that administer the account (NEVER_GATED): no licence running
 * out can lock the account's administrators out of fixing it.
 *
 * A pool is valid until its end (exclusive). The gate is built for one moment (the account's load): it
 * says when it stops being true (`expiresAt`, the earliest end after that moment), and the cache reloads the
 * account then, so an end that passes bites on the very next request.
 */

/** Permissions no licence may gate: those that run the account itself (and the dashboard, everyone's landing page). */
export const NEVER_GATED: ReadonlySet<string> = new Set([
  'dashboard.view',
  'users.manage',
  'users.passwords',
  'roles.manage',
  'groups.manage',
  'account.settings',
  'billing.manage',
  'licences.manage',
]);

/** Modules no licence may gate (their permissions are NEVER_GATED). */
export const NEVER_GATED_MODULES: ReadonlySet<string> = new Set(['dashboard']);

/** A licence pool as the resolver takes it. */
export interface LicenceInput {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** Valid until then (epoch ms, exclusive); null: no end. */
  readonly endsAt: number | null;
  /** System permissions it unlocks. */
  readonly permissions: readonly string[];
  /** Modules it unlocks: every permission of each. */
  readonly modules: readonly string[];
}

interface Pool {
  readonly input: LicenceInput;
  /** The bits it unlocks (system permissions only), the space's width. */
  readonly mask: Mask;
  readonly valid: boolean;
}

/** The permission names a pool unlocks (its modules' permissions included), less the ones no licence may gate. */
export function unlockedNames(space: PermissionSpace, licence: Pick<LicenceInput, 'permissions' | 'modules'>): string[] {
  const modules = new Set(licence.modules.filter((key) => !NEVER_GATED_MODULES.has(key)));
  const names = new Set(licence.permissions);
  for (const definition of space.definitions) if (definition.module && modules.has(definition.module)) names.add(definition.name);
  return space.definitions.map((definition) => definition.name).filter((name) => names.has(name) && !NEVER_GATED.has(name));
}

const NONE: readonly string[] = Object.freeze([]);

/** An account's pools at one moment: what they gate, who they let through, and until when that holds. */
export class LicenceGate {
  /** Every bit some pool unlocks: held only through a licence. All zeros when the account has no pool. */
  readonly gated: Mask;
  /** Whether any bit is gated (if not, the gate lets everything through and costs nothing). */
  readonly active: boolean;
  /** When this gate stops being true: the earliest end after `now` (Infinity: never). */
  readonly expiresAt: number;
  private readonly pools = new Map<string, Pool>();

  constructor(
    readonly space: PermissionSpace,
    licences: readonly LicenceInput[],
    now: number,
  ) {
    this.gated = emptyMask(space.words);
    let expiresAt = Number.POSITIVE_INFINITY;
    for (const input of licences) {
      const mask = space.bitsOf(unlockedNames(space, input));
      const valid = input.endsAt === null || input.endsAt > now;
      if (valid && input.endsAt !== null) expiresAt = Math.min(expiresAt, input.endsAt);
      for (let word = 0; word < mask.length; word += 1) this.gated[word]! |= mask[word]!;
      this.pools.set(input.id, { input, mask, valid });
    }
    this.active = this.gated.some((word) => word !== 0);
    this.expiresAt = expiresAt;
  }

  /**
   * The member's licences that count here, as a slot key: the ids of this account's valid pools among
   * `licenceIds`, sorted (a pool that ended, or was deleted, counts for nothing).
   */
  held(licenceIds: readonly string[] | undefined): readonly string[] {
    if (!this.active || !licenceIds || licenceIds.length === 0) return NONE;
    const held = licenceIds.filter((id) => this.pools.get(id)?.valid === true);
    return held.length === 0 ? NONE : held.sort();
  }

  /** Whether gating takes anything away from these compiled words for a member holding `held` (as `held()` gives). */
  bites(bits: MaskWords, offset: number, held: readonly string[]): boolean {
    if (!this.active) return false;
    const words = this.space.words;
    for (let word = 0; word < words; word += 1) {
      const gated = this.gated[word]! & (bits[offset + word] ?? 0);
      if (gated === 0) continue;
      let unlocked = 0;
      for (const id of held) unlocked |= this.pools.get(id)!.mask[word]!;
      if ((gated & ~unlocked) !== 0) return true;
    }
    return false;
  }

  /** Clears from the words the gated bits none of `held` unlocks. */
  apply(bits: MaskWords, offset: number, held: readonly string[]): void {
    if (!this.active) return;
    for (let word = 0; word < this.space.words; word += 1) {
      let unlocked = 0;
      for (const id of held) unlocked |= this.pools.get(id)!.mask[word]!;
      bits[offset + word]! &= ~this.gated[word]! | unlocked;
    }
  }

  /** Whether some pool gates this system permission. */
  gates(name: string): boolean {
    const position = this.space.index.get(name);
    return position !== undefined && (this.gated[position >>> 5]! & (1 << (position & 31))) !== 0;
  }

  /** The pools that unlock the permission, each with whether it is valid now (for explanations). */
  poolsUnlocking(name: string): { id: string; name: string; valid: boolean; endsAt: number | null }[] {
    const position = this.space.index.get(name);
    if (position === undefined) return [];
    const found: { id: string; name: string; valid: boolean; endsAt: number | null }[] = [];
    for (const pool of this.pools.values()) {
      if ((pool.mask[position >>> 5]! & (1 << (position & 31))) !== 0) found.push({ id: pool.input.id, name: pool.input.name, valid: pool.valid, endsAt: pool.input.endsAt });
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** A gate that gates nothing: an account without licences. */
export function noGate(space: PermissionSpace): LicenceGate {
  return new LicenceGate(space, [], 0);
}
