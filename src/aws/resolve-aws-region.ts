import { envValue, type ReadonlyEnv } from '../chain/source-context.js';
import { assertAwsRegion } from '../schemas/aws-credential-fields.js';

/** The region used when nothing names one (the AWS CLI's and Claude Code's fallback). */
export const DEFAULT_AWS_REGION = 'us-east-1';

/**
 * The region Bedrock is called in: `option` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the `region`
 * of the profile (`AWS_PROFILE`, else `default`) in `AWS_CONFIG_FILE` (default `~/.aws/config`)
 * → {@link DEFAULT_AWS_REGION}. The config file is read only when the earlier steps give nothing;
 * an unreadable or malformed file counts as naming no region.
 *
 * The region that wins must be a region name (`[a-z0-9-]+`: it goes into host names and into
 * `credhelper get bedrock`'s shell output); otherwise `OUTPUT_INVALID` names where it came from
 * (`AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region` in the config file), never the value.
 */
export async function resolveAwsRegion(option: string | undefined, env: ReadonlyEnv): Promise<string> {
  return (await resolveAwsRegionSetting(option, env)).value;
}

/** A region and where it came from. */
export interface AwsRegionSetting {
  value: string;
  /** `option:bedrock.region`, `env:AWS_REGION`, `env:AWS_DEFAULT_REGION`, the profile's config line, or `default`. */
  from: string;
}

/** {@link resolveAwsRegion}, with where the region came from (`default` for {@link DEFAULT_AWS_REGION}). */
export async function resolveAwsRegionSetting(option: string | undefined, env: ReadonlyEnv): Promise<AwsRegionSetting> {
  if (option !== undefined) {
    return { value: assertAwsRegion(option, 'the `bedrock.region` option'), from: 'option:bedrock.region' };
  }
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = envValue(env, name);
    if (value !== undefined) return { value: assertAwsRegion(value, name), from: `env:${name}` };
  }
  const fromProfile = await profileRegion(env);
  if (fromProfile === undefined) return { value: DEFAULT_AWS_REGION, from: 'default' };
  return { value: assertAwsRegion(fromProfile.region, fromProfile.origin), from: fromProfile.origin };
}

async function profileRegion(env: ReadonlyEnv): Promise<{ region: string; origin: string } | undefined> {
  const profile = envValue(env, 'AWS_PROFILE') ?? 'default';
  const configFilepath = envValue(env, 'AWS_CONFIG_FILE');
  let region: string | undefined;
  try {
    const { loadSharedConfigFiles } = await import('@smithy/core/config');
    const init: { ignoreCache: true; configFilepath?: string; filepath?: string } = { ignoreCache: true };
    const filepath = envValue(env, 'AWS_SHARED_CREDENTIALS_FILE');
    if (configFilepath !== undefined) init.configFilepath = configFilepath;
    if (filepath !== undefined) init.filepath = filepath;
    const { configFile } = await loadSharedConfigFiles(init);
    region = configFile[profile]?.region?.trim();
  } catch {
    return undefined;
  }
  if (region === undefined || region === '') return undefined;
  const file = configFilepath ?? '~/.aws/config';
  return { region, origin: `the \`region\` of profile ${JSON.stringify(profile)} in ${file}` };
}
