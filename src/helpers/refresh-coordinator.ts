import { type Clock, periodClock } from '../cache/clock.js';
import type { SharedStore } from '../cache/shared-store.js';
import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import type { RefreshCommand } from './refresh-command.js';

/** Options of {@link coordinateRefresh}. */
export interface RefreshCoordinatorInit {
  /** The command's working folder: with the command (and the shared store's scope), the refresh's identity. */
  cwd: string;
  /** After a run, no other run for this long (`0`: no cooldown). */
  cooldownMs: number;
  now: Clock;
  /** Measures the cooldown after this process's own runs (default: see `periodClock`). */
  monotonic?: Clock;
  /** The user's shared cache: when given, one run (and one cooldown) for all of the user's processes. */
  sharedStore?: SharedStore | undefined;
  /** How long to wait for another process's run (a person may be logging in there). */
  lockTimeoutMs: number;
  /** The command string (part of the identity); `undefined` when the setting is not set. */
  command: string | undefined;
}

/** Where a resolution began: runs completed so far and the time. */
export interface RefreshMark {
  runs: number;
  at: number;
  /** The monotonic clock's reading at `at` (compared with this process's own runs). */
  monoAt?: number;
}

/** A run asked for by a deadline (`ensureValidFor`, `exec --min-validity`), not by a failure. */
export interface DeadlineRefresh {
  /** When the check that found the deadline began (a run finished since then may have moved it). */
  sinceMs: number;
  /** Re-checks the deadline (after dropping cached values): whether the run is still needed. */
  stillNeeded: () => Promise<boolean>;
  /** What the caller is refused with, within the cooldown (its code and message start the error). */
  reason: CredentialHelperError;
}

/** A {@link RefreshCommand} that coordinates with the user's other processes and keeps a cooldown. */
export interface CoordinatedRefresh extends RefreshCommand {
  /** Call when a resolution begins; pass the result to {@link CoordinatedRefresh.recover}. */
  mark(): RefreshMark;
  /**
   * After `error` failed the resolution that began at `mark`: under the user-wide lock, retries
   * at once when a run finished since `mark` (in this or another process); else, within the
   * cooldown of the last run, rejects with `error`'s code and the time of that run; else runs the
   * command, records the run for every process, and retries.
   */
  recover<T>(error: unknown, mark: RefreshMark, retry: () => Promise<T>): Promise<T>;
  /**
   * Runs the command for a deadline, under the same user-wide lock and cooldown as
   * {@link CoordinatedRefresh.recover}: when a run finished since `sinceMs` or within the cooldown
   * (in this or another process), `stillNeeded` is asked first and nothing runs when that run was
   * enough; still needed within the cooldown rejects with `reason` and the time of that run; else
   * runs the command and records the run for every process.
   */
  runForDeadline(request: DeadlineRefresh): Promise<void>;
}

interface LastRun {
  finishedAt: number;
  ok: boolean;
  /** The monotonic clock's reading at the end of this process's own run (none for another's). */
  monoAt?: number;
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

/**
 * Wraps `refresh` so that all of the user's processes share one run and one cooldown (see
 * {@link CoordinatedRefresh.recover}). The record of the last run is a shared cache entry (0600,
 * under the user's 0700 directory; see `SharedStore`), the lock the store's per-key lock; without a
 * shared store both are this process's own.
 */
export function coordinateRefresh(refresh: RefreshCommand, init: RefreshCoordinatorInit): CoordinatedRefresh {
  const key = `refresh\0${refresh.setting}\0${init.command ?? ''}\0${init.cwd}`;
  const monotonic = periodClock(init.now, init.monotonic);
  let local: LastRun | undefined;

  /**
   * Whether `last` is within the cooldown: this process's own run by the monotonic clock (moving
   * the wall clock back does not stretch it), another's by the wall clock; a run dated in the
   * future (the clock moved back since) is not, so that it cannot hold every refresh off.
   */
  function cooling(last: LastRun): boolean {
    const since = last.monoAt === undefined ? init.now() - last.finishedAt : monotonic() - last.monoAt;
    return since >= 0 && since < init.cooldownMs;
  }

  async function lastRun(): Promise<LastRun | undefined> {
    const entry = await init.sharedStore?.read(key);
    const value = entry?.value;
    const shared =
      entry !== undefined && typeof value === 'object' && value !== null && 'ok' in value
        ? { finishedAt: entry.loadedAt, ok: value.ok === true }
        : undefined;
    if (shared === undefined) return local;
    return local === undefined || shared.finishedAt > local.finishedAt ? shared : local;
  }

  async function record(run: LastRun): Promise<void> {
    local = { ...run, monoAt: monotonic() };
    await init.sharedStore?.write(key, {
      version: 1,
      value: { ok: run.ok },
      loadedAt: run.finishedAt,
      usableUntil: run.finishedAt + init.cooldownMs,
    });
  }

  function cooldownError(error: unknown, last: LastRun): CredentialHelperError {
    const code = isCredentialHelperError(error) ? error.code : 'PROVIDER_FAILED';
    const message = error instanceof Error ? error.message.replace(/^\[credhelper\] /, '') : String(error);
    const at = new Date(last.finishedAt);
    const ago = seconds(init.now() - last.finishedAt);
    return new CredentialHelperError(
      code,
      `${message} ${refresh.setting} last ran at ${at.toISOString()} (${ago} ago, ${last.ok ? 'exit 0' : 'failed'}) ` +
        `and is not run again within its ${seconds(init.cooldownMs)} cooldown (refreshCooldownMs): ` +
        `complete the login ${refresh.setting} starts, or run it yourself, then retry.`,
      {
        ...(isCredentialHelperError(error) ? error.details : {}),
        setting: refresh.setting,
        lastRefreshAt: at.toISOString(),
        cause: error,
      },
    );
  }

  async function underLock(error: unknown, mark: RefreshMark, retry: () => Promise<unknown>): Promise<unknown> {
    const last = await lastRun();
    // Another process (or this one) refreshed since this resolution began: try its result first;
    // still failing, the caller learns when that run was (no second login within the cooldown).
    const ranSinceMark =
      last !== undefined &&
      (last.monoAt === undefined || mark.monoAt === undefined
        ? last.finishedAt >= mark.at
        : last.monoAt >= mark.monoAt);
    if (last !== undefined && ranSinceMark) {
      try {
        return await retry();
      } catch (retryError) {
        if (cooling(last)) throw cooldownError(retryError, last);
        throw retryError;
      }
    }
    if (last !== undefined && cooling(last)) throw cooldownError(error, last);
    await run();
    return retry();
  }

  async function run(): Promise<void> {
    try {
      await refresh.run();
    } catch (runError) {
      await record({ finishedAt: init.now(), ok: false });
      throw runError;
    }
    await record({ finishedAt: init.now(), ok: true });
  }

  async function forDeadline(request: DeadlineRefresh): Promise<void> {
    const last = await lastRun();
    const coolingNow = last !== undefined && cooling(last);
    if (last !== undefined && (coolingNow || last.finishedAt >= request.sinceMs)) {
      if (!(await request.stillNeeded())) return; // another run (here or elsewhere) moved the deadline
      if (coolingNow) throw cooldownError(request.reason, last);
    }
    await run();
  }

  return {
    get setting() {
      return refresh.setting;
    },
    isConfigured: () => refresh.isConfigured(),
    get completedRuns() {
      return refresh.completedRuns;
    },
    run: () => refresh.run(),
    mark: () => ({ runs: refresh.completedRuns, at: init.now(), monoAt: monotonic() }),
    async recover<T>(error: unknown, mark: RefreshMark, retry: () => Promise<T>): Promise<T> {
      // This process ran it since the resolution began (concurrent callers): no second run.
      if (refresh.completedRuns !== mark.runs) return retry();
      const task = () => underLock(error, mark, retry) as Promise<T>;
      const store = init.sharedStore;
      return store === undefined ? task() : store.withLock(key, init.lockTimeoutMs, task);
    },
    async runForDeadline(request) {
      const store = init.sharedStore;
      const task = () => forDeadline(request);
      await (store === undefined ? task() : store.withLock(key, init.lockTimeoutMs, task));
    },
  };
}
