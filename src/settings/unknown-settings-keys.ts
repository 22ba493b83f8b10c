import { didYouMean, didYouMeanHint } from '../did-you-mean.js';
import { isRecord } from '../is-record.js';

/** The top-level keys of credhelper's own settings files (`$schema` is for editors). */
export const CREDHELPER_SETTINGS_KEYS = [
  'apiKeyHelper',
  'awsAuthRefresh',
  'awsCredentialExport',
  'gcpAuthRefresh',
  'env',
  'claude',
  'enabledProviders',
  'disabledProviders',
  'oauth',
  'strictHelperStderr',
  'refreshCooldownMs',
  'store',
  '$schema',
] as const;

/** The credential keys credhelper reads from Claude Code's settings files. */
const CLAUDE_CREDENTIAL_KEYS = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh'];

/**
 * The keys of a credhelper settings file that credhelper does not know, each with a suggestion
 * when it is a near miss (`apiKeyHelpr: … (did you mean \`apiKeyHelper\`?)`). A misspelt key was
 * silently ignored before, and the helper it named never ran.
 */
export function unknownSettingsKeys(json: unknown): string[] {
  if (!isRecord(json)) return [];
  const known: readonly string[] = CREDHELPER_SETTINGS_KEYS;
  return Object.keys(json)
    .filter((key) => !known.includes(key))
    .map((key) => `${JSON.stringify(key)} is not a setting${didYouMeanHint(key, known)}`);
}

/**
 * The keys of a Claude Code settings file that look like a misspelt credential key (Claude Code's
 * files hold many keys of their own: only near misses of `apiKeyHelper` and the other helper
 * settings are reported), as `[key, suggestion]` pairs.
 */
export function nearMissCredentialKeys(json: unknown): Array<[string, string]> {
  if (!isRecord(json)) return [];
  const pairs: Array<[string, string]> = [];
  for (const key of Object.keys(json)) {
    if (CLAUDE_CREDENTIAL_KEYS.includes(key)) continue;
    const suggestion = didYouMean(key, CLAUDE_CREDENTIAL_KEYS);
    if (suggestion !== undefined) pairs.push([key, suggestion]);
  }
  return pairs;
}
