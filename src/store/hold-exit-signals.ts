/** The signals that end a process by default and that a write in progress holds back. */
export const HELD_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

type HeldSignal = (typeof HELD_SIGNALS)[number];

let holds = 0;
/** Set by the CLI, whose own handler waits for {@link heldWritesSettled}: then no listener is added. */
let handledByHost = false;
let settled: Promise<void> = Promise.resolve();
let settle: () => void = () => {};
/** The first signal that arrived while held in a process that has no handler of its own for it. */
let deferred: HeldSignal | undefined;
const holders = new Map<HeldSignal, () => void>();

/**
 * Resolves when no write is held (at once when none is): the CLI's signal handler waits for it
 * before it exits, so that a signal never cuts a held write short.
 */
export function heldWritesSettled(): Promise<void> {
  return settled;
}

/** Whether a write is held now (see {@link holdExitSignals}): the CLI says why it does not exit yet. */
export function writesHeld(): boolean {
  return holds > 0;
}

/**
 * Marks this process's signal handling as its own (the CLI's `installSignalExit`): a hold then
 * adds no listener, and the handler waits for {@link heldWritesSettled} before it exits.
 */
export function signalsHandledByHost(): void {
  handledByHost = true;
}

/**
 * Whether `listener` is the `signal-exit` package's (proper-lockfile loads it): it re-raises the
 * signal when it is alone, so a process with only it would have died of the signal.
 */
function isSignalExitListener(listener: (...args: unknown[]) => void): boolean {
  const source = Function.prototype.toString.call(listener);
  return /emitter/.test(source) && /count/.test(source) && /kill/.test(source);
}

/** Whether, but for our listener, `signal` would have ended the process (no handler of the host's). */
function wouldHaveExited(signal: HeldSignal, ours: () => void): boolean {
  return process
    .listeners(signal)
    .every((listener) => listener === ours || isSignalExitListener(listener as (...args: unknown[]) => void));
}

function release(): void {
  holds--;
  if (holds > 0) return;
  for (const [signal, listener] of holders) process.removeListener(signal, listener);
  holders.clear();
  settle();
  const signal = deferred;
  deferred = undefined;
  // Nobody else handled it: the default action now, as it would have happened (the exit status
  // says "killed by SIGTERM"; `signal-exit`, when loaded, re-raises it the same way).
  if (signal !== undefined) {
    process.kill(process.pid, signal);
    // With a listener left (`signal-exit`'s), the signal is handled on a later turn: keep the loop
    // alive until then, or a host whose work is done would exit 0 first.
    setTimeout(() => {}, 1000);
  }
}

/**
 * Holds SIGINT, SIGTERM and SIGHUP back from the moment a write that must not be lost starts
 * (a rotating refresh token: from the moment the request leaves, the endpoint may have made the
 * old one useless, so the answer must reach the store) until the returned function is called
 * (call it once, in a `finally`). In a library host, a listener is added for the hold: when the
 * signal would have ended the process (no handler of the host's, only `signal-exit`'s or none),
 * the exit is deferred until the release, then the signal is raised again; a host with its own
 * handler has it called as always (it should `await heldWritesSettled()`, exported from `credhelper`, before it exits). The CLI's handler
 * (see {@link signalsHandledByHost}) waits for {@link heldWritesSettled}. Holds nest.
 * The caller bounds the work (the request's and the keychain's timeouts). SIGKILL (and a power
 * cut) cannot be held: a process killed so between the answer and the write loses the rotated
 * token, and the user logs in again.
 */
export function holdExitSignals(): () => void {
  if (holds === 0) {
    settled = new Promise((resolve) => {
      settle = resolve;
    });
    for (const signal of HELD_SIGNALS) {
      if (handledByHost) continue;
      const listener = (): void => {
        if (wouldHaveExited(signal, listener)) deferred ??= signal;
      };
      holders.set(signal, listener);
      process.on(signal, listener);
    }
  }
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
