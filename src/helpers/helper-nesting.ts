import { CredentialHelperError, type CredentialHelperErrorDetails } from '../errors.js';

/**
 * Set in the environment of every process credhelper starts, to the pid of that credhelper (not a
 * secret). `runHelper` adds it to each helper's environment; the CLI also puts it into its own
 * `process.env` at start-up, so that what the cloud SDKs start for it (a profile's
 * `credential_process`) carries it too. A credhelper command that inherits it refuses at once with
 * `HELPER_RECURSION`: a helper or `credential_process` that runs credhelper itself would loop.
 *
 * Embedded, the library marks every helper it runs but never writes `process.env` and never
 * refuses itself (a program that embeds it may well run as some tool's helper). So a profile's
 * `credential_process` that the AWS SDK starts for an embedding program is not marked: a credhelper
 * it runs resolves once, its own `credential_process` run is marked and refused, and the AWS chain
 * reports `HELPER_RECURSION` all the same, one level deeper. A program that wants the SDK's
 * processes marked too sets `process.env.CREDHELPER_NESTED = String(process.pid)` itself.
 */
export const NESTED_VARIABLE = 'CREDHELPER_NESTED';

/**
 * Appears in every `HELPER_RECURSION` message. A credhelper that finds it in the stderr of a helper
 * that failed knows that the helper ran a nested credhelper, which refused.
 */
export const RECURSION_SENTINEL = 'HELPER_RECURSION';

/** `env` plus the marker that names this process as the credhelper that started the helper. */
export function helperEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, [NESTED_VARIABLE]: String(process.pid) };
}

/** The marker in `env` (the pid of the credhelper that started this process), or `undefined`. */
export function nestedMarkerOf(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = env[NESTED_VARIABLE]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** True when a failed helper's stderr holds a nested credhelper's refusal. */
export function refusedAsNested(stderrText: string): boolean {
  return stderrText.includes(RECURSION_SENTINEL);
}

/**
 * The error for a helper (named by `setting`) that runs credhelper itself: the nested credhelper
 * refused to run, and this says how to break the loop.
 */
export function helperRecursionError(
  setting: string,
  fix: string,
  details: Omit<CredentialHelperErrorDetails, 'setting'> = {},
): CredentialHelperError {
  return new CredentialHelperError(
    'HELPER_RECURSION',
    `${setting} runs credhelper itself, which would call itself in a loop: the nested credhelper refused to run ` +
      `(${RECURSION_SENTINEL}). Fix: ${fix}.`,
    { setting, ...details },
  );
}

/** The usual way out of a loop through a helper setting. */
export function helperSettingFix(setting: string): string {
  return (
    `set ${setting} to the command that really produces the credential (not credhelper), ` +
    `or remove the ${setting} setting and let credhelper read the source itself`
  );
}
