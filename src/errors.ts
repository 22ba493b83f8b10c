/**
 * Every error code credhelper produces. Each names one failure the caller can act on.
 *
 * - `HELPER_TIMEOUT`: a helper command ran past its timeout; its whole process group was killed.
 * - `HELPER_EXIT`: a helper command exited with a non-zero code.
 * - `HELPER_SIGNAL`: a helper command was killed by a signal that credhelper did not send.
 * - `HELPER_OUTPUT_TOO_LARGE`: a helper printed more than `maxOutputBytes`; it was killed.
 * - `HELPER_SPAWN`: the helper could not be started (missing file, not executable, bad `cwd`).
 * - `HELPER_ABORTED`: the caller's `AbortSignal` fired (or a per-call `timeoutMs` passed); the call
 *   stopped waiting and the helper it started was killed, unless another caller still waited for it.
 * - `HELPER_STDERR`: `apiKeyHelper` wrote to stderr with `strictHelperStderr` on (the documented contract;
 *   by default the key is used and the warning goes to `onDiagnostic`).
 * - `HELPER_RECURSION`: credhelper was started by a helper or `credential_process` of another
 *   credhelper (it runs credhelper itself, which would loop), and refused at once; or a helper failed
 *   because the credhelper it ran refused so.
 * - `OUTPUT_INVALID`: a helper's output, a file or a variable does not have the expected shape.
 * - `CREDENTIALS_EXPIRED`: the credentials a source returned have already expired.
 * - `CREDENTIALS_REJECTED`: a token endpoint refused the credentials (`invalid_grant`, 401/403).
 * - `CREDENTIALS_NOT_FOUND`: no source yielded a credential (or, on a source, "nothing here").
 * - `SOURCE_UNREADABLE`: a configured source (such as a file descriptor) could not be read.
 * - `PROVIDER_FAILED`: a cloud SDK's credential chain (AWS, Google) failed or did not answer in time.
 * - `SETTINGS_INVALID`: a settings file is not valid JSON, has a field of the wrong type, or (one of
 *   credhelper's own files) a key credhelper does not know; or the file a name points to is missing.
 * - `PROJECT_UNTRUSTED`: a project settings file names helper commands the user has not trusted.
 * - `INVALID_OPTION`: an option or setting passed to a factory is invalid.
 * - `STORE_CORRUPT`: `auth.json` is not a JSON object (or an entry in it is malformed); it is left as it is.
 * - `STORE_LOCKED`: another process held the `auth.json` lock for longer than credhelper waits.
 * - `STORE_UNWRITABLE`: `auth.json` could not be written (a symbolic link, permissions, a full disk);
 *   the file on disk is unchanged.
 * - `KEYCHAIN_UNAVAILABLE`: the OS keychain (macOS Keychain, the Secret Service on Linux) does not
 *   answer, but the store needs it: `store: keychain` / `CREDHELPER_STORE=keychain`, or an entry
 *   of `auth.json` that lives there. Nothing was written in plaintext instead.
 * - `KEYCHAIN_LOCKED`: the keychain answers but is locked (or has no keyring yet, or its unlock prompt was dismissed).
 * - `HUMAN_ACTION_NEEDED`: a person must log in again within the time asked for (`ensureValidFor`,
 *   `exec --min-validity`), and no refresh command moved the deadline.
 * - `PROXY_AUTH_REQUIRED`: the forward proxy (`HTTPS_PROXY` / `HTTP_PROXY`) answered 407: it wants a
 *   user name and password in the variable's URL, or refused the ones there.
 */
export type CredentialHelperErrorCode =
  | 'HELPER_TIMEOUT'
  | 'HELPER_EXIT'
  | 'HELPER_SIGNAL'
  | 'HELPER_OUTPUT_TOO_LARGE'
  | 'HELPER_SPAWN'
  | 'HELPER_ABORTED'
  | 'HELPER_STDERR'
  | 'HELPER_RECURSION'
  | 'OUTPUT_INVALID'
  | 'CREDENTIALS_EXPIRED'
  | 'CREDENTIALS_REJECTED'
  | 'CREDENTIALS_NOT_FOUND'
  | 'SOURCE_UNREADABLE'
  | 'PROVIDER_FAILED'
  | 'SETTINGS_INVALID'
  | 'PROJECT_UNTRUSTED'
  | 'INVALID_OPTION'
  | 'STORE_CORRUPT'
  | 'STORE_LOCKED'
  | 'STORE_UNWRITABLE'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'KEYCHAIN_LOCKED'
  | 'HUMAN_ACTION_NEEDED'
  | 'PROXY_AUTH_REQUIRED';

/** Facts attached to an error. None of them is ever a secret. */
export interface CredentialHelperErrorDetails {
  /** The setting or source involved, e.g. `apiKeyHelper` or `env:ANTHROPIC_API_KEY`. */
  setting?: string;
  exitCode?: number;
  signal?: string;
  durationMs?: number;
  /** Bytes the helper wrote to stdout (the content itself is never kept in an error). */
  stdoutBytes?: number;
  /** The last bytes of stderr, with every known secret redacted. */
  stderrTail?: string;
  /** Paths of the schema issues, e.g. `Credentials.AccessKeyId`; never the values. */
  issuePaths?: string[];
  /** When a refresh command last finished (ISO 8601): set on errors returned within its cooldown. */
  lastRefreshAt?: string;
}

/** Options for {@link CredentialHelperError}. */
export interface CredentialHelperErrorOptions extends CredentialHelperErrorDetails {
  /**
   * `true` when the source simply has nothing to offer and a resolver should try the next one.
   * A chain reads only this flag: any other error stops it.
   */
  tryNextLink?: boolean;
  cause?: unknown;
}

/**
 * The one error class credhelper throws. Read `code` to act on it; the message is for people and
 * never contains a secret (helper stdout is never included; stderr tails are redacted).
 */
export class CredentialHelperError extends Error {
  override readonly name = 'CredentialHelperError';
  readonly code: CredentialHelperErrorCode;
  readonly tryNextLink: boolean;
  readonly details: CredentialHelperErrorDetails;

  constructor(code: CredentialHelperErrorCode, message: string, options: CredentialHelperErrorOptions = {}) {
    const { tryNextLink = false, cause, ...details } = options;
    super(`[credhelper] ${message}`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.tryNextLink = tryNextLink;
    this.details = details;
  }
}

/** True for a {@link CredentialHelperError}, compared by name so that duplicate installs still match. */
export function isCredentialHelperError(error: unknown): error is CredentialHelperError {
  return error instanceof Error && error.name === 'CredentialHelperError' && 'code' in error;
}
