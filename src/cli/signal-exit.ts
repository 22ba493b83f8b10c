import { constants } from 'node:os';
import { killLiveHelpersNow, stopLiveHelpers } from '../helpers/live-helpers.js';
import { DEFAULT_KILL_GRACE_MS } from '../helpers/run-helper-options.js';
import { heldWritesSettled, signalsHandledByHost, writesHeld } from '../store/hold-exit-signals.js';

/** Signals on which the CLI stops its helpers and exits with 128 + the signal's number. */
export const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Beyond the SIGTERM → SIGKILL grace: time for the killed groups to be reaped. */
const REAP_SLACK_MS = 500;

let suspended = 0;
let exiting = false;
let heldNoted = false;

/** Once: why the process does not exit at once (a wait of up to the request's timeout, silent, looked frozen). */
function noteHeldWrite(signal: NodeJS.Signals): void {
  if (heldNoted || !writesHeld()) return;
  heldNoted = true;
  process.stderr.write(
    `credhelper: ${signal} received while a rotated refresh token is being stored: credhelper exits once it is written ` +
      '(the token endpoint has until the request timeout to answer: CREDHELPER_HELPER_TIMEOUT_MS, 30 s by default). ' +
      'Killing it now (SIGKILL) loses the new refresh token: you would log in again.\n',
  );
}

function onSignal(signal: NodeJS.Signals): void {
  if (suspended > 0) return; // `exec` forwards it to its child and exits with the child's code
  noteHeldWrite(signal);
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
