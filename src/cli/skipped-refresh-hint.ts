import type { CredentialTarget } from '../credentials/credential-target.js';
import { REFRESH_SETTING_OF } from '../credentials/human-action-by.js';
import { GCP_REFRESHABLE_CODES } from '../gcp/gcp-error.js';
import type { LoadedSettings } from '../settings/load-settings.js';

/** Failures that a login cannot fix, or that a refresh command never runs for. */
const NOT_FIXED_BY_LOGIN = new Set(['INVALID_OPTION', 'HELPER_ABORTED', 'HELPER_RECURSION', 'PROJECT_UNTRUSTED']);

/**
 * The sentence `credhelper status` (without `--refresh`) and `credhelper explain` add to a target
 * that failed while its refresh command (`awsAuthRefresh`, `gcpAuthRefresh`) is set: they leave it
 * out so that no browser login starts from a check. Without it, the failure's own fix ("run the
 * command in a shell", "or set `gcpAuthRefresh`…") leaves the person guessing why the login they
 * configured did not run. `undefined` when there is nothing to add.
 */
export function skippedRefreshHint(
  command: 'status' | 'explain',
  target: CredentialTarget,
  code: string,
  loaded: Pick<LoadedSettings, 'settings'>,
): string | undefined {
  const setting = REFRESH_SETTING_OF[target];
  if (setting === undefined || NOT_FIXED_BY_LOGIN.has(code)) return undefined;
  // gcpAuthRefresh runs only for missing, unreadable or rejected ADC (a network failure starts no login).
  if (target === 'vertex' && !GCP_REFRESHABLE_CODES.has(code)) return undefined;
  if (loaded.settings[setting] === undefined) return undefined;
  const skipped = command === 'status' ? 'status runs it only with --refresh' : 'explain never runs it';
  return (
    `${setting} is set, but ${skipped}: \`credhelper status --refresh\` runs it (a login may open a browser), ` +
    'and so do get and exec when they need it.'
  );
}
