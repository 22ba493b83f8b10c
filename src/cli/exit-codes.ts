import { isCredentialHelperError } from '../errors.js';

/** The CLI's exit codes (README table). */
export const EXIT = {
  /** Success; for `status --check`: every configured target is usable. */
  OK: 0,
  /** A credential is missing, expired or rejected, or a helper failed. */
  CREDENTIALS: 1,
  /** `status --check`: usable, but a credential expires within `--expiring-within`. */
  EXPIRING: 2,
  /** Bad command line: unknown command or option, missing argument. */
  USAGE: 64,
  /** An unexpected failure inside credhelper (a bug: please report it). */
  INTERNAL: 70,
  /** Standard output could not be written: the program reading it exited (EPIPE), a full disk (ENOSPC)… */
  OUTPUT: 74,
  /**
   * Bad configuration: an invalid settings file or option, an untrusted project, a corrupt auth.json,
   * a helper or `credential_process` that runs credhelper itself (`HELPER_RECURSION`).
   */
  CONFIG: 78,
} as const;

const CONFIG_CODES = new Set([
  'SETTINGS_INVALID',
  'PROJECT_UNTRUSTED',
  'INVALID_OPTION',
  'STORE_CORRUPT',
  'HELPER_RECURSION',
]);

/** The exit code for an error that reached the top level. */
export function exitCodeOf(error: unknown): number {
  if (isCredentialHelperError(error)) return CONFIG_CODES.has(error.code) ? EXIT.CONFIG : EXIT.CREDENTIALS;
  return EXIT.INTERNAL;
}
