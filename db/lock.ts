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

/** The kernel's flag for a process that has begun to exit (include/linux/sched.h). */
const PF_EXITING = 0x4;
/** SIGKILL's bit in /proc/<pid>/status's pending-signal masks. */
const SIGKILL_BIT = 1n << 8n;

interface ProcStat {
  state: string;
  flags: number;
  /** Clock ticks after boot at which the process started: with the pid, it names one process for good. */
  startTime: string;
}

/** /proc/<pid>/stat, or null where there is no /proc (not Linux) or no such process. */
function procStat(pid: number | 'self'): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, flags: Number(fields[6]), startTime: fields[19]! };
  } catch {
    return null;
  }
}

function sigkillPending(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return ['SigPnd', 'ShdPnd'].some((field) => {
      const mask = status.match(new RegExp(`^${field}:\\s*([0-9a-f]+)`, 'm'))?.[1];
      return mask !== undefined && (BigInt(`0x${mask}`) & SIGKILL_BIT) !== 0n;
    });
  } catch {
    return false;
  }
}

/**
 * Whether the process that wrote the lock still holds it. Right after `kill -9` the killed process still
 * answers `kill(pid, 0)`: it is a zombie until its parent reaps it (a supervisor that restarts at once has
 * often not yet done so), or it is still tearing itself down. Neither can touch the folder again, so both
 * count as gone; so does a live process that merely reuses the pid (its start time differs).
 */
function holderIsAlive(pid: number, startTime: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it may be alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return procStat('self') === null; // no /proc here: kill(pid, 0) is all we can know
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
  if ((stat.flags & PF_EXITING) !== 0 || sigkillPending(pid)) return false;
  return startTime === undefined || startTime === stat.startTime;
}

function readLock(lockPath: string): { pid: number; startTime: string | undefined } {
  let text = '';
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    // Unreadable or gone: treated as stale.
  }
  const [pid, startTime] = text.trim().split(/\s+/);
  return { pid: Number.parseInt(pid ?? '', 10), startTime: startTime || undefined };
}

/**
 * Takes the data folder's lock for this process: PGlite has none of its own, and two processes on one
 * folder corrupt it. The lock file holds the owner's pid and, on Linux, its start time on a second line.
 * A lock whose owner is dead, dying, a zombie, or a different process under a reused pid is taken over;
 * a live owner is refused. Returns the function that releases it.
 */
export function acquireDataFolderLock(lockPath: string): () => void {
  const self = procStat('self');
  const content = self ? `${process.pid}\n${self.startTime}` : String(process.pid);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, content);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockPath, 'utf8') === content) rmSync(lockPath, { force: true });
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(lockPath);
      if (Number.isInteger(owner.pid) && owner.pid > 0 && holderIsAlive(owner.pid, owner.startTime)) {
        throw new DataFolderLockedError(lockPath, owner.pid);
      }
      // Stale (its owner died or is dying without releasing it) or unreadable: take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the data folder lock at ${lockPath}`);
}
