/** The helper settings whose timeout is `refreshTimeoutMs` (a person may be logging in). */
const REFRESH_SETTINGS = new Set(['awsAuthRefresh', 'gcpAuthRefresh']);
/** The helper settings whose timeout is `helperTimeoutMs`. */
const HELPER_SETTINGS = new Set(['apiKeyHelper', 'awsCredentialExport']);

/**
 * Where the timeout of `setting` is raised, for the fix of a `HELPER_TIMEOUT` (a helper that waits
 * for a person, such as a hardware-key tap, needs more than the 30 s default): the option and the
 * variable, or `undefined` for a command run through `runHelper` directly.
 */
export function timeoutHint(setting: string): string | undefined {
  if (REFRESH_SETTINGS.has(setting)) return 'the refreshTimeoutMs option or CREDHELPER_REFRESH_TIMEOUT_MS';
  if (HELPER_SETTINGS.has(setting)) return 'the helperTimeoutMs option or CREDHELPER_HELPER_TIMEOUT_MS';
  return undefined;
}
