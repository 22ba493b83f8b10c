import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { fileOwnerProblem } from '../files/owned-paths.js';

/** How often a waiter looks at a held lock again. */
const POLL_MS = 25;

/** An empty lock file older than this was left by a holder that could not write its name. */
const EMPTY_LOCK_STALE_MS = 1_000;

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * The holder named in the lock file at `path`: its text, `undefined` when the file is gone, or
 * `null` when it is not a regular file of this user's (planted: never waited on, never removed).
 */
function readLock(path: string): string | undefined | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
  try {
    return fileOwnerProblem(fstatSync(fd)) === undefined ? readFileSync(fd, 'utf8') : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The kernel's start time of `pid` (Linux), to tell a live holder from a reused pid. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function holderAlive(owner: string): boolean {
  const [pidText, startTime] = owner.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const current = startTimeOf(pid);
  return current === undefined || startTime === undefined || startTime === '' || current === startTime;
}

/**
 * Runs `task` holding an exclusive lock file at `path` (created 0600 with `O_EXCL`). The file
 * names its holder (pid and kernel start time), so a lock whose holder died is reclaimed at once
 * by the next waiter: no mtime heartbeat, nothing that breaks across a laptop's sleep. Waits at
 * most `timeoutMs`; after that `task` runs without the lock (a helper run too many is better
 * than none). A lock file that is not a regular file owned by this user is never waited on.
 */
export async function withProcessLock<T>(path: string, timeoutMs: number, task: () => Promise<T>): Promise<T> {
  // The wait is a period: the monotonic clock (a wall clock moved back must not stretch it).
  const deadline = performance.now() + timeoutMs;
  const me = `${process.pid} ${startTimeOf(process.pid) ?? ''}\n`;
  let held = false;
  while (!held) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, me);
      } catch (error) {
        // Created but not written (a full disk): an empty lock would make every waiter wait.
        closeSync(fd);
        unlinkSync(path);
        throw error;
      }
      closeSync(fd);
      held = true;
    } catch (error) {
      // Cannot create a lock here at all (permissions, read-only disk): run unlocked.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') break;
      const owner = readLock(path);
      if (owner === undefined) continue; // released meanwhile
      if (owner === null) break; // not a lock of ours: run unlocked rather than wait on it
      // An empty lock is one being written right now, or one whose holder could not write it.
      const abandoned = owner === '' ? olderThan(path, EMPTY_LOCK_STALE_MS) : !holderAlive(owner);
      if (abandoned) {
        try {
          // Checked again: an empty file may now be a new holder's lock, created since (not yet old).
          const still = readLock(path) === owner && (owner !== '' || olderThan(path, EMPTY_LOCK_STALE_MS));
          if (still) unlinkSync(path);
        } catch {
          // someone else reclaimed it first
        }
        continue;
      }
      if (performance.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  try {
    return await task();
  } finally {
    if (held) {
      try {
        if (readLock(path) === me) unlinkSync(path);
      } catch {
        // already gone
      }
    }
  }
}
