import { type CredentialHelperErrorCode, isCredentialHelperError } from '../errors.js';

/**
 * How long a failed resolution is remembered (5 s): an SDK's retry, or a second call in this
 * window, gets the same error at once instead of running the failing helper again.
 * `invalidate()` forgets it.
 */
export const FAILURE_WINDOW_MS = 5_000;

/**
 * The failures worth remembering: a helper or refresh command that failed, or printed something
 * unusable. A missing variable, a caller's abort or a cloud SDK's network failure are not kept.
 */
const REMEMBERED_CODES: ReadonlySet<CredentialHelperErrorCode> = new Set<CredentialHelperErrorCode>([
  'HELPER_TIMEOUT',
  'HELPER_EXIT',
  'HELPER_SIGNAL',
  'HELPER_OUTPUT_TOO_LARGE',
  'HELPER_SPAWN',
  'HELPER_STDERR',
  'HELPER_RECURSION',
  'OUTPUT_INVALID',
  'CREDENTIALS_EXPIRED',
]);

/** Whether `error` (or its `cause`) is a helper failure that {@link FAILURE_WINDOW_MS} applies to. */
export function rememberedFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (isCredentialHelperError(current) && REMEMBERED_CODES.has(current.code)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
