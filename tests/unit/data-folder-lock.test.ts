import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { acquireDataFolderLock, DataFolderLockedError } from '@/db/lock';

const lockIn = () => path.join(mkdtempSync(path.join(tmpdir(), 'rolecall-lock-')), 'rolecall.lock');
/** This process's start time (clock ticks after boot), as /proc/self/stat gives it. */
const ownStartTime = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

describe('the embedded data folder lock', () => {
  it('is taken with this pid and released', () => {
    const lockPath = lockIn();
    const release = acquireDataFolderLock(lockPath);
    expect(readFileSync(lockPath, 'utf8')).toBe(`${process.pid}\n${ownStartTime()}`);
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
    expect(readFileSync(lockPath, 'utf8')).toBe(`${process.pid}\n${ownStartTime()}`);
    release();
  });

  it('takes over a lock whose pid now belongs to another process (the pid was reused)', () => {
    const lockPath = lockIn();
    // Our own pid, as in a container restarted after a crash, but another start time: not us.
    writeFileSync(lockPath, `${process.pid}\n1`);
    const release = acquireDataFolderLock(lockPath);
    expect(readFileSync(lockPath, 'utf8')).toBe(`${process.pid}\n${ownStartTime()}`);
    release();
  });
});

describe('the data folder lock across processes', () => {
  // The real module, compiled for plain node processes.
  const lockModule = path.join(mkdtempSync(path.join(tmpdir(), 'rolecall-lock-module-')), 'lock.cjs');
  buildSync({ entryPoints: [path.resolve(__dirname, '../../db/lock.ts')], outfile: lockModule, format: 'cjs', platform: 'node', logLevel: 'silent' });
  const takeScript = (lockPath: string) => `
    try { require(${JSON.stringify(lockModule)}).acquireDataFolderLock(${JSON.stringify(lockPath)}); console.log('locked'); }
    catch (error) { console.log(error.message); process.exit(1); }`;

  /** A process that takes the lock and holds it until killed; resolves once it holds it. */
  async function holder(lockPath: string) {
    const child = spawn(process.execPath, ['-e', `${takeScript(lockPath)}; setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('locked') ? resolve() : reject(new Error(chunk.toString()))));
      child.on('exit', () => reject(new Error('the holder exited')));
    });
    return child;
  }

  /** Takes the lock in a new process, started while this one is blocked (so it cannot reap its children). */
  const takeInNewProcess = (lockPath: string) => spawnSync(process.execPath, ['-e', takeScript(lockPath)], { encoding: 'utf8' }).stdout.trim();

  it('is taken at once by a new process after its holder is killed with SIGKILL, every time', async () => {
    for (let round = 0; round < 10; round += 1) {
      const lockPath = lockIn();
      const child = await holder(lockPath);
      expect(takeInNewProcess(lockPath)).toMatch(/in use by another Rolecall process/);
      process.kill(child.pid!, 'SIGKILL');
      // No waiting: the killed holder is not reaped yet (a zombie) or still exiting.
      expect(takeInNewProcess(lockPath)).toBe('locked');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)));
    }
  }, 30_000);

  it('is still refused while its holder lives', async () => {
    const lockPath = lockIn();
    const child = await holder(lockPath);
    try {
      expect(takeInNewProcess(lockPath)).toBe(`The embedded database folder is in use by another Rolecall process (pid ${child.pid}). Only one process may open it at a time: stop that process, or point DATA_DIR at another folder. (lock file: ${lockPath})`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
