import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileOwnerProblem, privateDirectoryProblem } from '../files/owned-paths.js';
import { safeWriteFile } from '../files/safe-write-file.js';
import type { RefreshFailure } from '../schemas/refresh-failures.js';
import { withProcessLock } from './process-lock.js';

/** The file name, in the shared cache directory. */
export const REFRESH_FAILURES_FILE = 'refresh-failures.json';
/** A failure with no known `usableUntil` is shown for this long. */
const UNDATED_FAILURE_SHOWN_MS = 24 * 3_600_000;
/** How long a writer waits for another's read-modify-write (each takes a few ms): then writes unlocked. */
const LOCK_TIMEOUT_MS = 5_000;

/**
 * The latest failed background refresh of each cache entry (a source under one identity: its
 * cache key, see `sourceCacheKey`), kept in the shared cache directory (a
 * 0600 file in the user's 0700 directory), so that `credhelper status` (a short-lived process)
 * learns what a long-running agent's refresh-ahead found: the agent keeps using its current value
 * and only tells its `onDiagnostic` listener. A later successful refresh of the source removes it.
 * Each change is a read-modify-write under the shared cache's process lock
 * (`refresh-failures.json.lock`, see `withProcessLock`), so that processes failing at once keep
 * every record. Nothing here ever fails a resolution.
 */
export class RefreshFailureLog {
  readonly path: string;
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    this.path = join(dir, REFRESH_FAILURES_FILE);
  }

  async #readAll(): Promise<Record<string, RefreshFailure>> {
    try {
      if (privateDirectoryProblem(this.#dir) !== undefined) return {};
      const fd = openSync(this.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      let text: string;
      try {
        if (fileOwnerProblem(fstatSync(fd)) !== undefined) return {};
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
      // zod is loaded only when there is a record to check (not on every CLI start).
      const { refreshFailuresFileSchema } = await import('../schemas/refresh-failures.js');
      const parsed = refreshFailuresFileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.failures : {};
    } catch {
      return {};
    }
  }

  async #writeAll(failures: Record<string, RefreshFailure>): Promise<void> {
    try {
      if (privateDirectoryProblem(this.#dir) !== undefined) return;
      await safeWriteFile(this.path, JSON.stringify({ version: 1, failures }));
    } catch {
      // a diagnostic that cannot be written is lost, never an error
    }
  }

  /** Runs a read-modify-write under the lock; not at all when the directory is not the user's own. */
  async #locked(task: () => Promise<void>): Promise<void> {
    try {
      if (privateDirectoryProblem(this.#dir) !== undefined) return;
      await withProcessLock(`${this.path}.lock`, LOCK_TIMEOUT_MS, task);
    } catch {
      // a diagnostic that cannot be written is lost, never an error
    }
  }

  /**
   * Records `failure` as the latest of `key`: the cache key of the entry whose refresh failed
   * (default: its source), so that processes of other identities neither replace nor clear it.
   */
  async record(failure: RefreshFailure, key: string = failure.source): Promise<void> {
    await this.#locked(async () => {
      // Records of identities that are gone (their value ran out) are dropped: one per identity
      // could otherwise pile up for good.
      const kept = Object.entries(await this.#readAll()).filter(([, old]) => stillShown(old, failure.at));
      await this.#writeAll({ ...Object.fromEntries(kept), [key]: failure });
    });
  }

  /** Forgets `key`'s failure (its refresh succeeded since); another identity's stays. */
  async clear(key: string): Promise<void> {
    await this.#locked(async () => {
      const failures = await this.#readAll();
      if (!Object.hasOwn(failures, key)) return;
      delete failures[key];
      await this.#writeAll(failures);
    });
  }

  /** The failures that still matter at `now`: their value is still in use (or, undated, for a day). */
  async current(now: number): Promise<RefreshFailure[]> {
    return Object.values(await this.#readAll())
      .filter((failure) => stillShown(failure, now))
      .sort((a, b) => a.source.localeCompare(b.source));
  }
}

/** Whether `failure` still matters at `now`: its value is still in use (or, undated, for a day). */
function stillShown(failure: RefreshFailure, now: number): boolean {
  return failure.usableUntil === undefined ? now - failure.at < UNDATED_FAILURE_SHOWN_MS : now < failure.usableUntil;
}
