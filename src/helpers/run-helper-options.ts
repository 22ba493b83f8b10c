import { CredentialHelperError } from '../errors.js';

/**
 * The longest delay Node's timers hold (a 32-bit signed int, about 24.8 days): a longer one fires
 * after 1 ms. Every timeout option is refused above this when it is checked.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Default time a helper (`apiKeyHelper`, `awsCredentialExport`) may run before it is killed. */
export const DEFAULT_HELPER_TIMEOUT_MS = 30_000;
/** Time between SIGTERM and SIGKILL when a helper's process group is stopped. */
export const DEFAULT_KILL_GRACE_MS = 2_000;
/** Default cap on what a helper may print to stdout (and, separately, to stderr). */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/**
 * After a helper exits, how long to wait for its pipes to close. A background grandchild that holds
 * them open is not waited for past this: the output read so far is the result.
 */
export const STREAM_CLOSE_GRACE_MS = 250;

/** A shell command string (run as `/bin/sh -c`), or a file and its arguments (run without a shell). */
export type HelperCommand = string | { file: string; args?: readonly string[] };

/** Options of {@link runHelper}. */
export interface RunHelperOptions {
  /** The setting's name for messages, e.g. `apiKeyHelper`. Default `helper`. */
  setting?: string;
  /** Working directory. Default `process.cwd()`. */
  cwd?: string;
  /** Environment of the helper. Default: `process.env` (the caller's). */
  env?: NodeJS.ProcessEnv;
  /** Kill the helper's process group after this long. Default {@link DEFAULT_HELPER_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** SIGTERM → SIGKILL grace. Default {@link DEFAULT_KILL_GRACE_MS}. */
  killGraceMs?: number;
  /** Kill the helper when stdout or stderr exceeds this. Default {@link DEFAULT_MAX_OUTPUT_BYTES}. */
  maxOutputBytes?: number;
  /** Aborting kills the helper's process group and rejects with `HELPER_ABORTED`. */
  signal?: AbortSignal;
  /** Called with each decoded stdout chunk as it arrives (for streamed refresh commands). */
  onStdout?: (chunk: string) => void;
  /** Called with each decoded stderr chunk as it arrives. */
  onStderr?: (chunk: string) => void;
  /** Further values to redact from error messages, besides the helper's own stdout. */
  redactSecrets?: Iterable<string>;
  /**
   * An open file descriptor to give the helper as its stdin (e.g. the terminal, for a refresh
   * command that asks the person for a code). Default: none (`/dev/null`). The caller keeps it
   * and closes it.
   */
  stdinFd?: number;
}

/** What a helper that exited 0 printed. */
export interface HelperResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

/** Options after defaults and validation. */
export interface ValidatedRunHelperOptions {
  setting: string;
  cwd: string | undefined;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  killGraceMs: number;
  maxOutputBytes: number;
  signal: AbortSignal | undefined;
  onStdout: ((chunk: string) => void) | undefined;
  onStderr: ((chunk: string) => void) | undefined;
  redactSecrets: Iterable<string>;
  stdinFd: number | undefined;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`${name}\` to be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/** `value`, unless it is longer than a timer can wait ({@link MAX_TIMEOUT_MS}): then `INVALID_OPTION`. */
export function timerDelay(name: string, value: number): number {
  if (value > MAX_TIMEOUT_MS) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`${name}\` to be at most ${MAX_TIMEOUT_MS} ms (about 24.8 days, the longest a timer can wait), got ${value}`,
    );
  }
  return value;
}

function stdinFdOption(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`stdinFd\` to be an open file descriptor (an integer >= 0), got ${String(value)}`,
    );
  }
  return value;
}

/** Applies defaults and checks every option; throws `INVALID_OPTION` naming the bad one. */
export function validateRunHelperOptions(command: HelperCommand, options: RunHelperOptions): ValidatedRunHelperOptions {
  if (typeof command === 'string') {
    if (command.trim() === '') throw new CredentialHelperError('INVALID_OPTION', 'expected a non-empty helper command');
  } else if (typeof command?.file !== 'string' || command.file === '') {
    throw new CredentialHelperError('INVALID_OPTION', 'expected `command` to be a string or { file, args }');
  }
  return {
    setting: options.setting ?? 'helper',
    cwd: options.cwd,
    env: options.env ?? process.env,
    timeoutMs: timerDelay('timeoutMs', positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_HELPER_TIMEOUT_MS)),
    killGraceMs: timerDelay('killGraceMs', positiveInteger('killGraceMs', options.killGraceMs, DEFAULT_KILL_GRACE_MS)),
    maxOutputBytes: positiveInteger('maxOutputBytes', options.maxOutputBytes, DEFAULT_MAX_OUTPUT_BYTES),
    signal: options.signal,
    onStdout: options.onStdout,
    onStderr: options.onStderr,
    redactSecrets: options.redactSecrets ?? [],
    stdinFd: stdinFdOption(options.stdinFd),
  };
}
