import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/db/config';

let cached: string | undefined;

/**
 * AUTH_SECRET, or on the embedded engine a secret generated on first start and kept (mode 0600) in the
 * data folder, so a fresh clone just works. With DATABASE_URL it must be set: several servers share it.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)');
    return (cached = fromEnv);
  }
  if (process.env.DATABASE_URL) {
    throw new Error(
      'AUTH_SECRET is required when DATABASE_URL is set: generate one with `openssl rand -base64 32` and set it for every server.',
    );
  }
  const dir = dataDir();
  const file = path.join(dir, 'auth-secret');
  try {
    return (cached = readFileSync(file, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (cached = readFileSync(file, 'utf8').trim());
}
