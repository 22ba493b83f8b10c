/**
 * The helper process groups that are still running in this process, so that none outlives it.
 *
 * `runHelper` registers each helper when it starts and removes it once it has settled and its
 * group needs no more killing. When this process exits (`process.on('exit')`, installed once, on
 * the first helper), every live group gets SIGKILL synchronously: exit handlers cannot wait for a
 * SIGTERM grace period. The library never installs a handler for SIGINT, SIGTERM or SIGHUP (that
 * would stop a host program from dying of them); the CLI does, and calls {@link stopLiveHelpers}.
 */

/** What the registry needs of a running helper. */
export interface LiveHelper {
  /** Stops the helper as `runHelper` does on timeout: SIGTERM to its group, SIGKILL after the grace. */
  stop(reason: string): void;
  /** SIGKILL to the whole group, synchronously. */
  killNow(): void;
}

const live = new Set<LiveHelper>();
const emptied = new Set<() => void>();
let exitHookInstalled = false;

function killAllNow(): void {
  for (const helper of live) helper.killNow();
}

/** Adds a running helper; returns the function that removes it again (idempotent). */
export function registerLiveHelper(helper: LiveHelper): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllNow);
  }
  live.add(helper);
  return () => {
    if (!live.delete(helper) || live.size > 0) return;
    for (const notify of [...emptied]) notify();
  };
}

/** How many helpers are running (or being stopped) now. */
export function liveHelperCount(): number {
  return live.size;
}

/**
 * Stops every running helper (SIGTERM to each group, SIGKILL after its grace period); each one's
 * `runHelper` call rejects with `HELPER_ABORTED` and `reason`. Resolves once none is left, or after
 * `waitMs` at the latest, when whatever is left gets SIGKILL.
 */
export function stopLiveHelpers(reason: string, waitMs: number): Promise<void> {
  for (const helper of [...live]) helper.stop(reason);
  if (live.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      emptied.delete(done);
      resolve();
    };
    const timer = setTimeout(() => {
      killAllNow();
      done();
    }, waitMs);
    emptied.add(done);
  });
}

/** SIGKILL to every live helper group, synchronously (for a second signal: no more waiting). */
export function killLiveHelpersNow(): void {
  killAllNow();
}
