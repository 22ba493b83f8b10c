import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/** How long a SIGINT/SIGQUIT waits for the sentinel's death before it is taken for a `kill` to credhelper alone. */
export const GROUP_SIGNAL_WAIT_MS = 1000;

/** The sentinel: `cat` on a pipe from credhelper (it ends when credhelper does), never dumping core. */
const SENTINEL = ['/bin/sh', ['-c', 'ulimit -c 0 2>/dev/null; exec cat']] as const;

type TerminalSignal = 'SIGINT' | 'SIGQUIT';

/** Tells a signal sent to credhelper's whole process group from one sent to credhelper alone. */
export interface GroupSignalSentinel {
  /**
   * Called when credhelper received `signal`: resolves `true` when the signal went to the whole
   * process group (the terminal's Ctrl-C or Ctrl-\, or `kill -INT -PGID`), `false` when it was
   * sent to credhelper alone (a `kill -INT <pid>`). When the answer is unknown (the sentinel could
   * not start, or is being replaced), `true`: the child, in the same group, is taken to have it.
   */
  sentToGroup(signal: TerminalSignal): Promise<boolean>;
  /** Stops the sentinel. */
  close(): void;
}

interface Waiter {
  signal: TerminalSignal;
  resolve: (group: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * Starts a sentinel process in credhelper's own process group. A signal to the group reaches every
 * member, so the sentinel (default dispositions: it dies of SIGINT and SIGQUIT) dies of it at the
 * same moment credhelper receives it; a signal to credhelper's pid alone leaves the sentinel alive.
 * Node cannot read who sent a signal (no `si_pid`), which is why this takes a second process.
 *
 * Every signal that arrives while a sentinel lives and before its death is seen is paired with
 * that death; one that arrives while the next sentinel is starting counts as the group's. A
 * signal with no death within {@link GROUP_SIGNAL_WAIT_MS} was a `kill` to credhelper alone.
 */
export function startGroupSignalSentinel(): GroupSignalSentinel {
  let sentinel: ChildProcess | undefined;
  let alive = false;
  let closed = false;
  let failed = false;
  /** Deaths not yet paired with a signal of credhelper's: a signal handled after the death. */
  const unpaired: { signal: TerminalSignal; at: number }[] = [];
  const waiters: Waiter[] = [];

  const settle = (waiter: Waiter, group: boolean): void => {
    clearTimeout(waiter.timer);
    waiters.splice(waiters.indexOf(waiter), 1);
    waiter.resolve(group);
  };

  const start = (): void => {
    const [file, args] = SENTINEL;
    const started = spawn(file, args, { stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: '/usr/bin:/bin' } });
    sentinel = started;
    started.unref();
    (started.stdin as Socket | null)?.unref();
    started.stdin?.on('error', () => {}); // EPIPE once it has gone
    started.on('spawn', () => {
      if (sentinel === started) alive = true;
    });
    started.on('error', () => {
      if (sentinel !== started) return;
      alive = false;
      failed = true;
      for (const waiter of [...waiters]) settle(waiter, true);
    });
    started.on('exit', (_code, signal) => {
      if (sentinel !== started) return;
      alive = false;
      if (signal !== 'SIGINT' && signal !== 'SIGQUIT') {
        failed = true; // killed otherwise (SIGHUP, SIGTERM): no more telling
        for (const waiter of [...waiters]) settle(waiter, true);
        return;
      }
      const paired = waiters.filter((waiter) => waiter.signal === signal);
      if (paired.length === 0) unpaired.push({ signal, at: performance.now() });
      for (const waiter of paired) settle(waiter, true);
      if (!closed) start();
    });
  };
  start();

  return {
    sentToGroup(signal) {
      const now = performance.now();
      while (unpaired.length > 0 && now - (unpaired[0]?.at ?? now) > GROUP_SIGNAL_WAIT_MS) unpaired.shift();
      const death = unpaired.findIndex((entry) => entry.signal === signal);
      if (death >= 0) {
        unpaired.splice(death, 1);
        return Promise.resolve(true);
      }
      if (failed || closed || !alive) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const waiter: Waiter = {
          signal,
          resolve,
          timer: setTimeout(() => settle(waiter, false), GROUP_SIGNAL_WAIT_MS),
        };
        waiters.push(waiter);
      });
    },
    close() {
      closed = true;
      for (const waiter of [...waiters]) settle(waiter, true);
      sentinel?.stdin?.destroy();
      sentinel?.kill('SIGKILL');
    },
  };
}
