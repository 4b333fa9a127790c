/**
 * When each cache entry was loaded, oldest first, so entries can expire without a timestamp of their own:
 * the cache's member entries are then a pointer each to access shared by many members. `forget` records
 * an entry dropped early (invalidated), so its load's turn does not drop a later reload of the same key.
 */
export class LoadQueue {
  private keys: string[] = [];
  private times: number[] = [];
  private head = 0;
  private readonly forgotten = new Map<string, number>();

  add(key: string, loadedAt: number): void {
    this.keys.push(key);
    this.times.push(loadedAt);
  }

  /** The key's current entry was dropped before its time: its load is skipped when its turn comes. */
  forget(key: string): void {
    this.forgotten.set(key, (this.forgotten.get(key) ?? 0) + 1);
  }

  /** Calls `drop` for every key whose load is at or before `loadedBy`, oldest first. */
  expire(loadedBy: number, drop: (key: string) => void): void {
    while (this.head < this.times.length && this.times[this.head]! <= loadedBy) {
      const key = this.keys[this.head]!;
      this.head += 1;
      const skips = this.forgotten.get(key);
      if (skips === undefined) drop(key);
      else if (skips === 1) this.forgotten.delete(key);
      else this.forgotten.set(key, skips - 1);
    }
    if (this.head >= 1024 && this.head * 2 >= this.times.length) {
      this.keys = this.keys.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.keys = [];
    this.times = [];
    this.head = 0;
    this.forgotten.clear();
  }
}
