import type { ChildProcess } from 'node:child_process';

/** Whether this platform gives each helper its own process group (`detached: true` on POSIX). */
export const USES_PROCESS_GROUPS = process.platform !== 'win32';

/**
 * Sends `signal` to the helper's whole process group, so that grandchildren (`sleep 1000 &`) die
 * with it. Falls back to the child alone where there are no groups or the group is already gone.
 * Never throws: a process that has already exited is not an error.
 */
export function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (USES_PROCESS_GROUPS) {
    try {
      process.kill(-pid, signal);
      return;
    } catch {
      // ESRCH: the group is empty; EPERM: not ours. Fall through to the child itself.
    }
  }
  try {
    child.kill(signal);
  } catch {
    // Already reaped.
  }
}

/** True while any process of the helper's group is still running. */
export function processGroupAlive(child: ChildProcess): boolean {
  const pid = child.pid;
  if (pid === undefined || !USES_PROCESS_GROUPS) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** How often {@link whenProcessGroupGone} looks. */
const GROUP_POLL_MS = 50;

/**
 * Calls `onGone` once no process of the helper's group is left (checked every 50 ms), so that a
 * group that died of SIGTERM need not wait for its SIGKILL timer. Returns the function that stops
 * watching.
 */
export function whenProcessGroupGone(child: ChildProcess, onGone: () => void): () => void {
  const timer = setInterval(() => {
    if (processGroupAlive(child)) return;
    clearInterval(timer);
    onGone();
  }, GROUP_POLL_MS);
  return () => clearInterval(timer);
}
