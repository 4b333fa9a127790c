import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataFolderLock, DataFolderLockedError } from '@/db/lock';

const lockIn = () => path.join(mkdtempSync(path.join(tmpdir(), 'rolecall-lock-')), 'rolecall.lock');

describe('the embedded data folder lock', () => {
  it('is taken with this pid and released', () => {
    const lockPath = lockIn();
    const release = acquireDataFolderLock(lockPath);
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('refuses a second holder in the same process', () => {
    const lockPath = lockIn();
    const release = acquireDataFolderLock(lockPath);
    expect(() => acquireDataFolderLock(lockPath)).toThrow(DataFolderLockedError);
    release();
  });

  it('refuses while another live process holds it, naming that process', async () => {
    const lockPath = lockIn();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(lockPath, String(holder.pid));
      expect(() => acquireDataFolderLock(lockPath)).toThrow(new RegExp(`in use by another Rolecall process \\(pid ${holder.pid}\\)`));
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const lockPath = lockIn();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(lockPath, String(dead.pid));
    const release = acquireDataFolderLock(lockPath);
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
  });
});
