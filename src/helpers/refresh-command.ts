import { closeTerminal, openControllingTerminal } from './controlling-terminal.js';
import { runHelper } from './run-helper.js';

/**
 * What a refresh command reads as its stdin: `terminal`, the controlling terminal when there is one
 * (a flow that asks the person to paste a code), else nothing; `ignore`, nothing (`/dev/null`).
 */
export type RefreshStdin = 'terminal' | 'ignore';

/** Options of {@link createRefreshCommand}. */
export interface RefreshCommandInit {
  /** The setting's name, e.g. `awsAuthRefresh`; named in errors and passed to `onOutput`. */
  setting: string;
  command: string | undefined;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  /** Receives stdout and stderr chunks as they arrive (device codes, login URLs). */
  onOutput: (chunk: string, setting: string) => void;
  /** Its stdin. Default `ignore`. */
  stdin?: RefreshStdin;
}

/** A refresh command (`awsAuthRefresh`, `gcpAuthRefresh`) that never runs twice at once. */
export interface RefreshCommand {
  readonly setting: string;
  isConfigured(): boolean;
  /** Completed runs so far: a resolution that began before the latest run need not start another. */
  readonly completedRuns: number;
  /**
   * Runs the command, or joins the run already in progress. Rejects with the `runHelper` error
   * (`HELPER_EXIT`, `HELPER_TIMEOUT`…) naming the setting.
   */
  run(): Promise<void>;
}

/**
 * Wraps a refresh setting: single-flight, its own (longer) timeout, output streamed to `onOutput`
 * as it arrives rather than collected. The output is the user's own login flow and is passed on
 * unchanged; it is never parsed as a credential.
 */
export function createRefreshCommand(init: RefreshCommandInit): RefreshCommand {
  let inFlight: Promise<void> | undefined;
  let completedRuns = 0;
  const forward = (chunk: string): void => init.onOutput(chunk, init.setting);
  return {
    setting: init.setting,
    isConfigured: () => init.command !== undefined,
    get completedRuns() {
      return completedRuns;
    },
    run() {
      const command = init.command;
      if (command === undefined) return Promise.resolve();
      if (inFlight !== undefined) return inFlight;
      // Opened per run and closed after it: the child holds its own copy while it runs, and still
      // lives in a session of its own, so a timeout kills its whole group.
      const terminal = init.stdin === 'terminal' ? openControllingTerminal('read') : undefined;
      inFlight = runHelper(command, {
        setting: init.setting,
        cwd: init.cwd,
        env: { ...init.env },
        timeoutMs: init.timeoutMs,
        onStdout: forward,
        onStderr: forward,
        ...(terminal === undefined ? {} : { stdinFd: terminal }),
      })
        .then(() => undefined)
        .finally(() => {
          closeTerminal(terminal);
          completedRuns++;
          inFlight = undefined;
        });
      return inFlight;
    },
  };
}
