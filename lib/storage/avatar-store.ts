import 'server-only';
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '@/db/config';

/**
 * Where avatar images live, by key. Keys are opaque, random and never reused (a new upload gets a new
 * key), so what is stored under a key never changes and can be cached forever.
 *
 * The default keeps files in a folder (`AVATAR_DIR`, default `<DATA_DIR>/avatars`). Several servers behind a
 * load balancer need shared storage: implement this interface over an object store (S3, R2, GCS: `put` →
 * PutObject with the content type, `get` → GetObject returning null on NoSuchKey, `delete` → DeleteObject)
 * and return it from `getAvatarStore()`.
 */
export interface AvatarStore {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  delete(key: string): Promise<void>;
}

/** Keys this store accepts: what `newAvatarKey` makes, and nothing that could walk out of the folder. */
export const AVATAR_KEY_PATTERN = /^[a-f0-9]{32}$/;

export class LocalFolderStore implements AvatarStore {
  constructor(private readonly folder: string) {}

  private fileOf(key: string): string {
    if (!AVATAR_KEY_PATTERN.test(key)) throw new Error(`Not an avatar key: ${key}`);
    return path.join(this.folder, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(this.folder, { recursive: true });
    // Written aside then renamed, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, data);
    await rename(partial, file);
  }

  async get(key: string): Promise<{ data: Buffer; contentType: string } | null> {
    if (!AVATAR_KEY_PATTERN.test(key)) return null;
    try {
      return { data: await readFile(this.fileOf(key)), contentType: 'image/webp' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (!AVATAR_KEY_PATTERN.test(key)) return;
    await rm(this.fileOf(key), { force: true });
  }
}

const globalForStore = globalThis as unknown as { __rolecallAvatarStore?: AvatarStore };

export function getAvatarStore(): AvatarStore {
  return (globalForStore.__rolecallAvatarStore ??= new LocalFolderStore(path.resolve(/*turbopackIgnore: true*/ process.env.AVATAR_DIR || path.join(dataDir(), 'avatars'))));
}

/** Tests only: use another store (undefined restores the default). */
export function setAvatarStore(store: AvatarStore | undefined): void {
  globalForStore.__rolecallAvatarStore = store;
}
