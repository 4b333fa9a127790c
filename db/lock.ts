import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

export class DataFolderLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database folder is in use by another Rolecall process (pid ${ownerPid}). ` +
        `Only one process may open it at a time: stop that process, or point DATA_DIR at another folder. ` +
        `(lock file: ${lockPath})`,
    );
    this.name = 'DataFolderLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder's lock for this process: PGlite has none of its own, and two processes on one
 * folder corrupt it. A lock left by a dead process is taken over; a live owner is refused.
 * Returns the function that releases it.
 */
export function acquireDataFolderLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) rmSync(lockPath, { force: true });
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const ownerPid = Number.parseInt(readLockOwner(lockPath), 10);
      if (Number.isInteger(ownerPid) && ownerPid > 0 && isAlive(ownerPid)) {
        throw new DataFolderLockedError(lockPath, ownerPid);
      }
      // Stale (its owner died without releasing it) or unreadable: take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the data folder lock at ${lockPath}`);
}

function readLockOwner(lockPath: string): string {
  try {
    return readFileSync(lockPath, 'utf8').trim();
  } catch {
    return '';
  }
}
