import { join } from 'node:path';
import { envValue, type ReadonlyEnv } from '../chain/source-context.js';

/** The `application_default_credentials.json` that `gcloud auth application-default login` writes. */
export function wellKnownAdcFile(env: ReadonlyEnv): string | undefined {
  const configDir = envValue(env, 'CLOUDSDK_CONFIG') ?? (env.HOME ? join(env.HOME, '.config', 'gcloud') : undefined);
  return configDir === undefined ? undefined : join(configDir, 'application_default_credentials.json');
}
