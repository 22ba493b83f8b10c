import type { ChildProcess } from 'node:child_process';
import type { StringDecoder } from 'node:string_decoder';
import { CredentialHelperError } from '../errors.js';
import { plural } from '../plural.js';
import { describeExit, describeSpawnFailure, type HelperFailure, helperFailure } from './helper-messages.js';
import { helperEnvironment, helperRecursionError, helperSettingFix, refusedAsNested } from './helper-nesting.js';
import { registerLiveHelper } from './live-helpers.js';
import { OutputCollector } from './output-collector.js';
import { killProcessGroup, processGroupAlive, USES_PROCESS_GROUPS, whenProcessGroupGone } from './process-group.js';
import { resolutionSignal } from './resolution-signal.js';
import {
  type HelperCommand,
  type HelperResult,
  type RunHelperOptions,
  STREAM_CLOSE_GRACE_MS,
  validateRunHelperOptions,
} from './run-helper-options.js';
import { timeoutHint } from './timeout-hint.js';

export type { HelperCommand, HelperResult, RunHelperOptions } from './run-helper-options.js';
export {
  DEFAULT_HELPER_TIMEOUT_MS,
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_MAX_OUTPUT_BYTES,
  STREAM_CLOSE_GRACE_MS,
} from './run-helper-options.js';

/**
 * Runs a credential helper command, bounded in time and output, and returns what it printed.
 *
 * The only function in credhelper that starts a process. A string runs as `/bin/sh -c <command>`;
 * `{ file, args }` runs without a shell. The helper leads its own process group, so on timeout,
 * abort or output overflow the whole group gets SIGTERM and, after `killGraceMs`, SIGKILL: a helper
 * that started `sleep 1000 &` leaves nothing behind. A helper still running when this process exits
 * gets SIGKILL (to its group) from an `exit` handler; the CLI also stops helpers on SIGINT, SIGTERM
 * and SIGHUP (the library installs no signal handler: that would change how its host dies).
 *
 * Every helper's environment carries `CREDHELPER_NESTED` (this process's pid), so that a helper
 * which runs credhelper itself meets a credhelper that refuses at once; its refusal is reported
 * here as `HELPER_RECURSION` naming the setting.
 *
 * Rejects with {@link CredentialHelperError} (`HELPER_TIMEOUT`, `HELPER_EXIT`, `HELPER_SIGNAL`,
 * `HELPER_OUTPUT_TOO_LARGE`, `HELPER_SPAWN`, `HELPER_ABORTED`, `HELPER_RECURSION`, `INVALID_OPTION`). Messages name the
 * setting, the exit code or signal and the duration, with a redacted stderr tail; never stdout.
 *
 * @example
 * const { stdout } = await runHelper('cat ~/.anthropic/key', { setting: 'apiKeyHelper', timeoutMs: 5000 });
 */
export async function runHelper(command: HelperCommand, options: RunHelperOptions = {}): Promise<HelperResult> {
  const opts = validateRunHelperOptions(command, options);
  // Loaded on first use: node:child_process (and the net/stream modules it pulls in) costs start-up
  // time that a CLI answering from the environment should not pay.
  const [{ spawn }, { StringDecoder }] = await Promise.all([
    import('node:child_process'),
    import('node:string_decoder'),
  ]);
  const { setting } = opts;
  const ambient = resolutionSignal();
  const signal =
    opts.signal === undefined ? ambient : ambient === undefined ? opts.signal : AbortSignal.any([opts.signal, ambient]);
  if (signal?.aborted) {
    throw new CredentialHelperError('HELPER_ABORTED', `${setting} was not started: the operation was aborted.`, {
      setting,
      cause: signal.reason,
    });
  }
  const [file, args] = typeof command === 'string' ? ['/bin/sh', ['-c', command]] : [command.file, command.args ?? []];
  const startedAt = performance.now();
  const elapsed = (): number => performance.now() - startedAt;

  return new Promise<HelperResult>((resolve, reject) => {
    const stdout = new OutputCollector(true);
    const stderr = new OutputCollector(false);
    let failure: HelperFailure | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    let forceKillTimer: NodeJS.Timeout | undefined;
    let closeGraceTimer: NodeJS.Timeout | undefined;
    let stopWatchingGroup: (() => void) | undefined;

    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd: opts.cwd,
        env: helperEnvironment(opts.env),
        stdio: [opts.stdinFd ?? 'ignore', 'pipe', 'pipe'],
        detached: USES_PROCESS_GROUPS,
        windowsHide: true,
      });
    } catch (error) {
      // Synchronous spawn failures (invalid arguments): report them like asynchronous ones.
      const none = new OutputCollector(false);
      const context = { setting, durationMs: elapsed(), stdoutText: '', stderr: none, redactSecrets: [] };
      reject(describeExit(context, { failure: describeSpawnFailure(setting, error, opts.cwd) }));
      return;
    }

    const unregister = registerLiveHelper({
      stop: (reason) =>
        terminate(
          helperFailure('HELPER_ABORTED', `${setting} was stopped because ${reason}`, {
            fix: 'nothing to fix unless the stop was unexpected',
          }),
        ),
      killNow: () => killProcessGroup(child, 'SIGKILL'),
    });

    const timeoutTimer = setTimeout(() => {
      terminate(
        helperFailure('HELPER_TIMEOUT', `${setting} timed out after ${opts.timeoutMs} ms and was killed`, {
          fix: `make the command finish sooner or raise its timeout (now ${opts.timeoutMs} ms${timeoutHint(setting) === undefined ? '' : `; ${timeoutHint(setting)}`})`,
        }),
      );
    }, opts.timeoutMs);

    const onAbort = (): void => {
      terminate(
        helperFailure('HELPER_ABORTED', `${setting} was aborted by the caller and killed`, {
          fix: 'nothing to fix unless the abort was unexpected',
          cause: signal?.reason,
        }),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    /** Stops the helper for `error`: SIGTERM to the group now, SIGKILL after the grace period. */
    function terminate(reason: HelperFailure): void {
      if (failure !== undefined || settled) return;
      failure = reason;
      clearTimeout(timeoutTimer);
      killProcessGroup(child, 'SIGTERM');
      forceKillTimer = setTimeout(() => {
        killProcessGroup(child, 'SIGKILL');
        stopWatchingGroup?.();
        unregister();
        // The 'exit' event settles the promise once the leader is reaped. Only a leader stuck in
        // uninterruptible sleep would outlive SIGKILL: settle anyway after a short wait.
        if (exit === undefined) setTimeout(finish, STREAM_CLOSE_GRACE_MS);
      }, opts.killGraceMs);
    }

    function finish(): void {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(closeGraceTimer);
      signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      // A group still being stopped stays registered until it is gone or its SIGKILL is sent.
      const groupGone = (): void => {
        clearTimeout(forceKillTimer);
        unregister();
      };
      if (forceKillTimer === undefined || !processGroupAlive(child)) groupGone();
      else stopWatchingGroup = whenProcessGroupGone(child, groupGone);
      const durationMs = elapsed();
      const stdoutText = stdout.text();
      const context = { setting, durationMs, stdoutText, stderr, redactSecrets: opts.redactSecrets };
      if (failure !== undefined) {
        reject(describeExit(context, { failure }));
      } else if (exit === undefined) {
        // Streams closed with neither an exit status nor a spawn error: never report that as success.
        const unknown = helperFailure('HELPER_SPAWN', `${setting} ended without an exit status`, {
          fix: 'run the command in a shell to see whether it starts',
        });
        reject(describeExit(context, { failure: unknown }));
      } else if ((exit.signal !== null || exit.code !== 0) && refusedAsNested(stderr.text())) {
        const facts = { exitCode: exit.code ?? undefined, durationMs: Math.round(durationMs) };
        reject(helperRecursionError(setting, helperSettingFix(setting), facts));
      } else if (exit.signal !== null || exit.code !== 0) {
        reject(
          describeExit(context, { exitCode: exit.code, signal: exit.signal, viaShell: typeof command === 'string' }),
        );
      } else {
        resolve({ stdout: stdoutText, stderr: stderr.text(), exitCode: exit.code ?? 0, durationMs });
      }
    }

    const decodeStdout = new StringDecoder('utf8');
    const decodeStderr = new StringDecoder('utf8');
    const onChunk = (collector: OutputCollector, decoder: StringDecoder, callback?: (text: string) => void) => {
      return (chunk: Buffer): void => {
        if (failure !== undefined) return;
        if (collector.push(chunk) > opts.maxOutputBytes) {
          terminate(
            helperFailure(
              'HELPER_OUTPUT_TOO_LARGE',
              `${setting} printed more than ${plural(opts.maxOutputBytes, 'byte')}`,
              {
                fix: 'print only the credential',
              },
            ),
          );
          return;
        }
        if (callback === undefined) return;
        try {
          callback(decoder.write(chunk));
        } catch (error) {
          terminate(
            helperFailure('HELPER_ABORTED', `the output callback for ${setting} threw; the helper was killed`, {
              fix: 'make the output callback not throw',
              cause: error,
            }),
          );
        }
      };
    };
    child.stdout?.on('data', onChunk(stdout, decodeStdout, opts.onStdout));
    child.stderr?.on('data', onChunk(stderr, decodeStderr, opts.onStderr));

    child.on('error', (error) => {
      // Spawn failures (ENOENT, EACCES, a missing cwd) come without a pid. With a pid, this is a
      // failed kill, which the process-group kill and the grace timer already cover.
      if (child.pid !== undefined) return;
      failure ??= describeSpawnFailure(setting, error, opts.cwd);
      finish();
    });
    child.once('exit', (code, exitSignal) => {
      exit = { code, signal: exitSignal };
      clearTimeout(timeoutTimer);
      if (failure !== undefined) {
        finish();
        return;
      }
      // A background grandchild may hold the pipes open: wait a moment for them, then stop reading.
      closeGraceTimer = setTimeout(finish, STREAM_CLOSE_GRACE_MS);
    });
    child.once('close', finish);
  });
}
