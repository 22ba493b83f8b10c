import { closeSync, constants, openSync } from 'node:fs';

/** The device that names a process's controlling terminal on POSIX. */
export const CONTROLLING_TERMINAL_PATH = '/dev/tty';

/**
 * Opens the controlling terminal (`/dev/tty`) for reading or writing, without making it anyone's
 * controlling terminal (`O_NOCTTY`). Returns its file descriptor, or `undefined` when there is
 * none: no terminal (`setsid`, a service, CI: `ENXIO`), or Windows. Never throws.
 *
 * A refresh command runs in a session of its own (so that a timeout kills its whole process group);
 * the terminal is not its controlling terminal there, so job control never stops it for reading
 * this descriptor: what the person types at the terminal reaches it.
 */
export function openControllingTerminal(mode: 'read' | 'write'): number | undefined {
  if (process.platform === 'win32') return undefined;
  const access = mode === 'read' ? constants.O_RDONLY : constants.O_WRONLY;
  try {
    return openSync(CONTROLLING_TERMINAL_PATH, access | constants.O_NOCTTY);
  } catch {
    return undefined;
  }
}

/** Closes a descriptor from {@link openControllingTerminal}; never throws. */
export function closeTerminal(fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}
