import { parseEntryId } from '../store/auth-entries.js';

/**
 * How a person renews a credential whose deadline is near, from its `source`, when no refresh
 * command ran for it: a stored pasted token (`store:anthropic:work`) is pasted again with
 * `credhelper paste-token` for that entry, a variable (`env:ANTHROPIC_AUTH_TOKEN`,
 * `env:AWS_BEARER_TOKEN_BEDROCK`) is set to a new token (a login does not change either); a login
 * (AWS SSO) needs the target's refresh `setting`, else a renewal by hand. Names only, never a value.
 */
export function renewalFix(source: string, setting: string | undefined): string {
  if (source.startsWith('env:')) return `set ${source.slice('env:'.length)} to a new token`;
  const entry = source.startsWith('store:') ? parseEntryId(source.slice('store:'.length)) : undefined;
  if (entry !== undefined) {
    const profile = entry.profile === undefined ? '' : ` --profile ${entry.profile}`;
    return `paste a new one: \`credhelper paste-token --provider ${entry.provider}${profile} --expires-in <duration>\``;
  }
  return setting === undefined ? 'renew the token now' : `set \`${setting}\` to the login command, or log in now`;
}
