import { envValue, type ReadonlyEnv } from '../chain/source-context.js';

/** The region used when nothing names one (the AWS CLI's and Claude Code's fallback). */
export const DEFAULT_AWS_REGION = 'us-east-1';

/**
 * The region Bedrock is called in: `option` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the `region`
 * of the profile (`AWS_PROFILE`, else `default`) in `AWS_CONFIG_FILE` (default `~/.aws/config`)
 * → {@link DEFAULT_AWS_REGION}. The config file is read only when the earlier steps give nothing;
 * an unreadable or malformed file counts as naming no region.
 */
export async function resolveAwsRegion(option: string | undefined, env: ReadonlyEnv): Promise<string> {
  const named = option ?? envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION');
  if (named !== undefined) return named;
  return (await profileRegion(env)) ?? DEFAULT_AWS_REGION;
}

async function profileRegion(env: ReadonlyEnv): Promise<string | undefined> {
  try {
    const { loadSharedConfigFiles } = await import('@smithy/core/config');
    const init: { ignoreCache: true; configFilepath?: string; filepath?: string } = { ignoreCache: true };
    const configFilepath = envValue(env, 'AWS_CONFIG_FILE');
    const filepath = envValue(env, 'AWS_SHARED_CREDENTIALS_FILE');
    if (configFilepath !== undefined) init.configFilepath = configFilepath;
    if (filepath !== undefined) init.filepath = filepath;
    const { configFile } = await loadSharedConfigFiles(init);
    const region = configFile[envValue(env, 'AWS_PROFILE') ?? 'default']?.region?.trim();
    return region === undefined || region === '' ? undefined : region;
  } catch {
    return undefined;
  }
}
