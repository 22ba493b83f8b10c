import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { CredentialHelperError, type CredentialHelperErrorCode } from '../errors.js';
import { redact } from '../redact.js';
import { type OutputCollector, tailBytes } from './output-collector.js';

/** Most bytes of stderr quoted in an error message. */
export const STDERR_TAIL_BYTES = 512;

/** Why a helper was stopped or failed to start, before its duration and stderr are known. */
export interface HelperFailure {
  code: CredentialHelperErrorCode;
  summary: string;
  fix: string;
  cause?: unknown;
}

/**
 * What a helper printed on stdout, as strings to redact from anything else it said: the whole of
 * it, each line, and each word or JSON value of 8 characters or more (a secret inside half-printed JSON that the
 * helper also repeats on stderr). At most 2 000 values: stdout is capped, and so is this work.
 */
export function stdoutValuesOf(stdoutText: string): string[] {
  const values = new Set([stdoutText.trim(), ...stdoutText.split(/\r?\n/).map((line) => line.trim())]);
  for (const match of stdoutText.matchAll(/[^\s"'`,;:{}[\]()=]{8,}/g)) {
    if (values.size >= 2000) break;
    values.add(match[0]);
  }
  return [...values];
}

/** Builds a {@link HelperFailure}; the error itself is made once, when the helper has finished. */
export function helperFailure(
  code: CredentialHelperErrorCode,
  summary: string,
  extra: { fix: string; cause?: unknown },
): HelperFailure {
  return { code, summary, ...extra };
}

/** A failure to start the process, with the likely fix. */
export function describeSpawnFailure(setting: string, error: unknown, cwd: string | undefined): HelperFailure {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  let fix = 'check that the command exists and is executable';
  if (errno === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) fix = 'the working directory does not exist';
  else if (errno === 'ENOENT') fix = 'the file was not found: check the path';
  else if (errno === 'EACCES') fix = 'the file is not executable: chmod +x it, or run it through a shell';
  return { code: 'HELPER_SPAWN', summary: `${setting} could not be started (${errno})`, fix, cause: error };
}

/** The signal a shell means by exit code 128 + n (`sh -c 'script'` whose script was killed). */
function shellSignalName(exitCode: number | null): NodeJS.Signals | undefined {
  if (exitCode === null || exitCode <= 128) return undefined;
  const found = Object.entries(constants.signals).find(([, number]) => number === exitCode - 128);
  return found?.[0] as NodeJS.Signals | undefined;
}

function exitFix(exitCode: number | null): string {
  if (exitCode === 127) return 'the command was not found: check the command and PATH';
  if (exitCode === 126) return 'the command is not executable: chmod +x it';
  return 'run the command in a shell to see why it fails';
}

interface ExitContext {
  setting: string;
  durationMs: number;
  stdoutText: string;
  stderr: OutputCollector;
  redactSecrets: Iterable<string>;
}

/**
 * The error for a helper that failed: summary, duration, exit code or signal, a redacted stderr
 * tail and the fix. The helper's stdout is never quoted; its lines are redacted from stderr.
 */
export function describeExit(
  context: ExitContext,
  outcome: { failure: HelperFailure } | { exitCode: number | null; signal: NodeJS.Signals | null; viaShell?: boolean },
): CredentialHelperError {
  const { setting, stdoutText, stderr } = context;
  const durationMs = Math.round(context.durationMs);
  let failure: HelperFailure;
  let exitCode: number | undefined;
  let signal: string | undefined;
  if ('failure' in outcome) {
    failure = outcome.failure;
  } else if (outcome.signal !== null) {
    signal = outcome.signal;
    failure = helperFailure('HELPER_SIGNAL', `${setting} was killed by ${outcome.signal}`, {
      fix: 'find what killed it (out of memory, another process)',
    });
  } else if (outcome.viaShell === true && shellSignalName(outcome.exitCode) !== undefined) {
    // `sh -c 'script'`: the script was killed, and the shell reports 128 + the signal's number.
    exitCode = outcome.exitCode ?? undefined;
    signal = shellSignalName(outcome.exitCode);
    failure = helperFailure(
      'HELPER_SIGNAL',
      `${setting} was killed by ${signal} (its shell exited with ${String(exitCode)})`,
      { fix: 'find what killed it (out of memory, another process)' },
    );
  } else {
    exitCode = outcome.exitCode ?? undefined;
    failure = helperFailure('HELPER_EXIT', `${setting} exited with code ${String(outcome.exitCode)}`, {
      fix: exitFix(outcome.exitCode),
    });
  }
  const stderrTail = stderrTailOf(stderr.text(), [...stdoutValuesOf(stdoutText), ...context.redactSecrets]);
  const stderrPart =
    stderr.totalBytes === 0
      ? 'It wrote nothing to stderr.'
      : `stderr (last ${STDERR_TAIL_BYTES} bytes, redacted): ${JSON.stringify(stderrTail)}`;
  const message = `${failure.summary} after ${durationMs} ms. ${stderrPart} Fix: ${failure.fix}.`;
  return new CredentialHelperError(failure.code, message, {
    setting,
    exitCode,
    signal,
    durationMs,
    stdoutBytes: Buffer.byteLength(stdoutText),
    stderrTail,
    cause: failure.cause,
  });
}

/** Redacts `secrets` from the whole kept stderr first, then cuts the tail, so no secret is split. */
export function stderrTailOf(stderrText: string, secrets: Iterable<string>): string {
  return tailBytes(redact(stderrText, secrets).trim(), STDERR_TAIL_BYTES);
}
