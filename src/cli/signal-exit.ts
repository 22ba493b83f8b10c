import { constants } from 'node:os';
import { killLiveHelpersNow, stopLiveHelpers } from '../helpers/live-helpers.js';
import { DEFAULT_KILL_GRACE_MS } from '../helpers/run-helper-options.js';
import { heldWritesSettled, signalsHandledByHost } from '../store/hold-exit-signals.js';

/** Signals on which the CLI stops its helpers and exits with 128 + the signal's number. */
export const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Beyond the SIGTERM → SIGKILL grace: time for the killed groups to be reaped. */
const REAP_SLACK_MS = 500;

let suspended = 0;
let exiting = false;

function onSignal(signal: NodeJS.Signals): void {
  if (suspended > 0) return; // `exec` forwards it to its child and exits with the child's code
  const code = 128 + constants.signals[signal];
  if (exiting) {
    // A second signal: no more grace for helpers; a held write (a rotated refresh token) still ends.
    killLiveHelpersNow();
    void heldWritesSettled().then(() => process.exit(code));
    return;
  }
  exiting = true;
  void Promise.all([
    stopLiveHelpers(`credhelper received ${signal}`, DEFAULT_KILL_GRACE_MS + REAP_SLACK_MS),
    heldWritesSettled(),
  ]).then(() => {
    process.exit(code);
  });
}

/**
 * Installed by the executable (never by the library: a handler stops the default exit of its host).
 * On SIGINT, SIGTERM or SIGHUP every running helper's process group gets SIGTERM, then SIGKILL after
 * the grace period, and the CLI exits with the conventional 128 + the signal's number (130, 143,
 * 129). Without a running helper it exits at once. A second signal kills what is left and exits.
 * Either waits for a held store write first (a rotated refresh token being stored, see
 * `holdExitSignals`): it is bounded by the request's and the keychain's timeouts.
 */
export function installSignalExit(): void {
  signalsHandledByHost();
  for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
}

/**
 * While `exec`'s child runs, the CLI does not exit on these signals: `exec` forwards them to its
 * child and exits with the child's code (helpers have finished by then). Returns the function that
 * ends the suspension.
 */
export function suspendSignalExit(): () => void {
  suspended++;
  let resumed = false;
  return () => {
    if (resumed) return;
    resumed = true;
    suspended--;
  };
}
