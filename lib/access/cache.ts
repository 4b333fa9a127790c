import { AccountAccess, type MemberInput } from './account-access';
import type { BrokenRole } from './compile-graph';
import type { EffectiveAccess, RoleInput } from './resolver';
import type { PermissionSpace } from './permission-space';

export interface AccessLoaders {
  loadRoles(accountId: string): Promise<RoleInput[]>;
  loadMember(membershipId: string): Promise<Omit<MemberInput, 'memo'>>;
  /** Told each time an account's roles load with a broken part (which then grants nothing). */
  onBrokenGraph?(accountId: string, broken: readonly BrokenRole[]): void;
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
 */
export class AccessCache {
  private accounts = new Map<string, Timed<AccountAccess> | Promise<AccountAccess>>();
  private members = new Map<string, Timed<MemberInput> | Promise<MemberInput>>();

  constructor(
    private readonly space: PermissionSpace,
    private readonly loaders: AccessLoaders,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The membership's effective access, loading what is missing or expired (one load at a time per key). */
  async getAccess(accountId: string, membershipId: string): Promise<{ access: EffectiveAccess; account: AccountAccess; member: MemberInput }> {
    const [account, member] = await Promise.all([this.account(accountId), this.member(membershipId)]);
    return { access: account.resolve(member), account, member };
  }

  private async account(accountId: string): Promise<AccountAccess> {
    return this.cached(this.accounts, accountId, async () => {
      const account = new AccountAccess(this.space, await this.loaders.loadRoles(accountId));
      if (account.broken.size > 0) this.loaders.onBrokenGraph?.(accountId, [...account.broken.values()]);
      return account;
    });
  }

  private async member(membershipId: string): Promise<MemberInput> {
    return this.cached(this.members, membershipId, async () => ({ ...(await this.loaders.loadMember(membershipId)) }));
  }

  private async cached<T>(map: Map<string, Timed<T> | Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const entry = map.get(key);
    if (entry && !(entry instanceof Promise) && this.clock() - entry.loadedAt < this.ttlMs) return entry.value;
    if (entry instanceof Promise) return entry;
    const loading = load();
    map.set(key, loading);
    try {
      const value = await loading;
      // Only keep it if nothing invalidated the key while it loaded.
      if (map.get(key) === loading) map.set(key, { value, loadedAt: this.clock() });
      return value;
    } catch (error) {
      if (map.get(key) === loading) map.delete(key);
      throw error;
    }
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
    this.members.delete(membershipId);
  }

  clear(): void {
    this.accounts.clear();
    this.members.clear();
  }
}
