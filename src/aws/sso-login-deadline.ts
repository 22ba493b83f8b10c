import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { envValue, type ReadonlyEnv } from '../chain/source-context.js';
import { readSmallFile } from '../read-small-file.js';
import { awsSsoCacheTimesSchema } from '../schemas/aws-sso-cache.js';

/**
 * When a person must next run `aws sso login` for the profile the default chain uses
 * (`AWS_PROFILE`, else `default`, in `AWS_CONFIG_FILE` or `~/.aws/config`), from the file that
 * login left in `~/.aws/sso/cache` (named by the SHA-1 of the session name or start URL, as the
 * AWS CLI and SDKs name it):
 * - an `sso_session` profile: the registration's `registrationExpiresAt` (the access token itself
 *   is renewed with the refresh token until then);
 * - a legacy profile (`sso_start_url` in the profile): the token's `expiresAt` (nothing renews it).
 * `undefined` when the profile is not an SSO profile, or the file or the time is missing or malformed.
 */
export async function ssoLoginDeadline(env: ReadonlyEnv): Promise<Date | undefined> {
  const profile = envValue(env, 'AWS_PROFILE') ?? 'default';
  let section: Record<string, string | undefined> | undefined;
  try {
    const { loadSharedConfigFiles } = await import('@smithy/core/config');
    const init: { ignoreCache: true; configFilepath?: string; filepath?: string } = { ignoreCache: true };
    const configFilepath = envValue(env, 'AWS_CONFIG_FILE');
    const filepath = envValue(env, 'AWS_SHARED_CREDENTIALS_FILE');
    if (configFilepath !== undefined) init.configFilepath = configFilepath;
    if (filepath !== undefined) init.filepath = filepath;
    section = (await loadSharedConfigFiles(init)).configFile[profile];
  } catch {
    return undefined;
  }
  const session = section?.sso_session?.trim();
  const startUrl = section?.sso_start_url?.trim();
  const id = session !== undefined && session !== '' ? session : startUrl;
  if (id === undefined || id === '') return undefined;
  const home = envValue(env, 'HOME') ?? homedir();
  const name = `${createHash('sha1').update(id).digest('hex')}.json`;
  const text = readSmallFile(join(home, '.aws', 'sso', 'cache', name));
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = awsSsoCacheTimesSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return session !== undefined && session !== '' ? parsed.data.registrationExpiresAt : parsed.data.expiresAt;
}
