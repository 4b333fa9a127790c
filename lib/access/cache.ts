import { AccountAccess, type MemberInput, type MemberView } from './account-access';
import type { BrokenRole } from './compile-graph';
import type { LicenceInput } from './licences';
import { LoadQueue } from './load-queue';
import type { EffectiveAccess, RoleInput } from './resolver';
import type { PermissionSpace } from './permission-space';

export interface AccessLoaders {
  loadRoles(accountId: string): Promise<RoleInput[]>;
  loadMember(membershipId: string): Promise<Omit<MemberInput, 'memo'>>;
  /** The account's licence pools (absent: the account gates nothing). */
  loadLicences?(accountId: string): Promise<LicenceInput[]>;
  /** Told each time an account's roles load with a broken part (which then grants nothing). */
  onBrokenGraph?(accountId: string, broken: readonly BrokenRole[]): void;
}

/** A membership's access, its account's compiled roles, and its roles and overrides. */
export interface CachedAccess {
  access: EffectiveAccess;
  account: AccountAccess;
  member: MemberView;
}

interface Timed<T> {
  value: T;
  loadedAt: number;
}

/**
 * Compiled access per account and per membership, in this process. Changes made here are applied before
 * the changing request returns (a role change is applied in place; a member change drops their entry);
 * changes made by other processes arrive through invalidate* (PostgreSQL LISTEN/NOTIFY, see
 * process-cache.ts). Every entry also expires after `ttlMs`, a safety net for a missed notification.
 *
 * A member's entry is, once resolved, the access it shares with every member of the same roles and
 * overrides (see AccountAccess): one map entry per member, with when it loaded kept in a queue beside it.
 */
export class AccessCache {
  private accounts = new Map<string, Timed<AccountAccess> | Promise<AccountAccess>>();
  private members = new Map<string, MemberView | Promise<MemberView>>();
  private readonly memberLoads = new LoadQueue();

  constructor(
    private readonly space: PermissionSpace,
    private readonly loaders: AccessLoaders,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
    /** The time licence pools' ends are judged by (the app's clock, lib/clock.ts, which tests move forward). */
    private readonly licenceClock: () => number = clock,
  ) {}

  /** The membership's effective access, loading what is missing or expired (one load at a time per key). */
  async getAccess(accountId: string, membershipId: string): Promise<CachedAccess> {
    const warm = this.getWarmAccess(accountId, membershipId);
    if (warm) return warm;
    const [account, member] = await Promise.all([this.account(accountId), this.member(membershipId)]);
    return this.attach(account, membershipId, member);
  }

  /** The membership's effective access if the account and the member are both cached and fresh; never loads. */
  getWarmAccess(accountId: string, membershipId: string): CachedAccess | undefined {
    const now = this.clock();
    this.expireMembers(now);
    const account = this.accounts.get(accountId);
    if (account === undefined || account instanceof Promise || !this.fresh(account, now)) return undefined;
    const member = this.members.get(membershipId);
    if (member === undefined || member instanceof Promise) return undefined;
    return this.attach(account.value, membershipId, member);
  }

  private attach(account: AccountAccess, membershipId: string, member: MemberView): CachedAccess {
    const access = account.accessOf(member);
    // Keep the shared access in place of the member as loaded (or of its access in a reloaded account's
    // earlier graph), unless the entry was dropped meanwhile.
    if (access !== member && this.members.get(membershipId) === member) this.members.set(membershipId, access);
    return { access, account, member: access };
  }

  private async account(accountId: string): Promise<AccountAccess> {
    const entry = this.accounts.get(accountId);
    if (entry && !(entry instanceof Promise) && this.fresh(entry, this.clock())) return entry.value;
    if (entry instanceof Promise) return entry;
    const loading = (async () => {
      const [roles, licences] = await Promise.all([this.loaders.loadRoles(accountId), this.loaders.loadLicences?.(accountId) ?? []]);
      const account = new AccountAccess(this.space, roles, licences, this.licenceClock());
      if (account.broken.size > 0) this.loaders.onBrokenGraph?.(accountId, [...account.broken.values()]);
      return account;
    })();
    this.accounts.set(accountId, loading);
    try {
      const value = await loading;
      // Only keep it if nothing invalidated the key while it loaded.
      if (this.accounts.get(accountId) === loading) this.accounts.set(accountId, { value, loadedAt: this.clock() });
      return value;
    } catch (error) {
      if (this.accounts.get(accountId) === loading) this.accounts.delete(accountId);
      throw error;
    }
  }

  /** Within the TTL, and before a licence pool's end passes (the account's gate is true only until then). */
  private fresh(entry: Timed<AccountAccess>, now: number): boolean {
    return now - entry.loadedAt < this.ttlMs && (entry.value.expiresAt === Number.POSITIVE_INFINITY || this.licenceClock() < entry.value.expiresAt);
  }

  private async member(membershipId: string): Promise<MemberView> {
    this.expireMembers(this.clock());
    const entry = this.members.get(membershipId);
    if (entry !== undefined) return entry;
    const loading = (async (): Promise<MemberView> => this.loaders.loadMember(membershipId))();
    this.members.set(membershipId, loading);
    try {
      const value = await loading;
      // Only keep it if nothing invalidated the key while it loaded.
      if (this.members.get(membershipId) === loading) {
        this.members.set(membershipId, value);
        this.memberLoads.add(membershipId, this.clock());
      }
      return value;
    } catch (error) {
      if (this.members.get(membershipId) === loading) this.members.delete(membershipId);
      throw error;
    }
  }

  private expireMembers(now: number): void {
    this.memberLoads.expire(now - this.ttlMs, (membershipId) => this.members.delete(membershipId));
  }

  /** A role was created or changed here: apply it to the cached account in place (no reload). */
  applyRole(accountId: string, role: RoleInput): void {
    const entry = this.accounts.get(accountId);
    if (!entry || entry instanceof Promise) return void this.accounts.delete(accountId);
    try {
      entry.value.upsertRole(role);
    } catch {
      this.accounts.delete(accountId);
    }
  }

  invalidateAccount(accountId: string): void {
    this.accounts.delete(accountId);
  }

  invalidateMember(membershipId: string): void {
    const entry = this.members.get(membershipId);
    // A loaded entry has a load in the queue, which must not drop the member's next load when its turn comes.
    if (entry !== undefined && !(entry instanceof Promise)) this.memberLoads.forget(membershipId);
    this.members.delete(membershipId);
  }

  /**
   * Drops every member of the account this cache holds (the account's compiled roles stay): for a change to
   * too many members to name (a group's roles, under thousands of members). Entries are keyed by membership
   * alone, and an index by account would cost every cached member memory, for a rare event; so the entries
   * are walked once instead (each shared access judged once), and a member is the account's when one of its
   * roles is (role ids are unique across accounts). Dropped as well, since they cannot be told apart: members
   * holding no role, loads under way, and, when the account's roles are not loaded, every member.
   */
  invalidateAccountMembers(accountId: string): void {
    const entry = this.accounts.get(accountId);
    const roles = entry && !(entry instanceof Promise) ? entry.value.roles : undefined;
    const ofAccount = new Map<MemberView, boolean>();
    const dropped: string[] = [];
    for (const [membershipId, member] of this.members) {
      if (member instanceof Promise || roles === undefined) {
        dropped.push(membershipId);
        continue;
      }
      let verdict = ofAccount.get(member);
      if (verdict === undefined) {
        verdict = member.roleIds.length === 0 || member.roleIds.some((id) => roles.has(id));
        ofAccount.set(member, verdict);
      }
      if (verdict) dropped.push(membershipId);
    }
    for (const membershipId of dropped) this.invalidateMember(membershipId);
  }

  clear(): void {
    this.accounts.clear();
    this.members.clear();
    this.memberLoads.clear();
  }
}
