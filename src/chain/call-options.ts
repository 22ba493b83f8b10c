import { CredentialHelperError } from '../errors.js';
import { MAX_TIMEOUT_MS } from '../helpers/run-helper-options.js';

/** Per-call options of `anthropic()`, `bedrock()`, `vertex()` and `provider()`. */
export interface CallOptions {
  /**
   * Stops waiting when it fires (rejects with `HELPER_ABORTED`). A helper or refresh command this
   * call started is stopped too (its process group), unless another caller still waits for it.
   */
  signal?: AbortSignal;
  /** Stops waiting after this many ms, as if `signal` fired (`HELPER_ABORTED`). */
  timeoutMs?: number;
}

/** Checks `call` (throws `INVALID_OPTION`) and returns the signal that stands for it, if any. */
export function callSignal(call: CallOptions | undefined, what: string): AbortSignal | undefined {
  if (call === undefined) return undefined;
  const { signal, timeoutMs } = call;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new CredentialHelperError('INVALID_OPTION', `expected \`signal\` of ${what} to be an AbortSignal`);
  }
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || !Number.isSafeInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS)
  ) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`timeoutMs\` of ${what} to be a positive integer (ms) of at most ${MAX_TIMEOUT_MS}, got ${typeof timeoutMs === 'number' ? timeoutMs : typeof timeoutMs}`,
    );
  }
  const signals = [signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  return signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}

/** The error of a call that stopped waiting because `signal` fired. */
export function abortedCall(what: string, signal: AbortSignal): CredentialHelperError {
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  return new CredentialHelperError(
    'HELPER_ABORTED',
    `${what} stopped waiting: ${timedOut ? 'its timeoutMs passed' : 'the caller aborted it'}. Fix: nothing, unless the abort was unexpected (then raise timeoutMs)`,
    { setting: what, cause: signal.reason },
  );
}
