import { existsSync } from 'node:fs';
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
  outcome: { failure: HelperFailure } | { exitCode: number | null; signal: NodeJS.Signals | null },
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
  } else {
    exitCode = outcome.exitCode ?? undefined;
    failure = helperFailure('HELPER_EXIT', `${setting} exited with code ${String(outcome.exitCode)}`, {
      fix: exitFix(outcome.exitCode),
    });
  }
  const stdoutSecrets = stdoutText.split(/\r?\n/).map((line) => line.trim());
  const stderrTail = stderrTailOf(stderr.text(), [stdoutText.trim(), ...stdoutSecrets, ...context.redactSecrets]);
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
