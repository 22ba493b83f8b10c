import { join } from 'node:path';
import { scratchDir } from './fixtures.js';

const original = { ...process.env };

/** Variables that only silence notices: kept in every clean environment. */
const NOTICE_VARIABLES = ['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/**
 * Replaces `process.env` with a clean AWS environment (the AWS SDK reads `process.env` itself):
 * a temp HOME with empty config and credentials paths, IMDS disabled, no real keys or profile.
 * Returns the same object, to pass as `env`. Call `restoreProcessEnv` after each test.
 */
export function useAwsEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = scratchDir();
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, {
    PATH: original.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Set for the whole run by vitest.config.ts: the SDK's Node-version notice is not a test result.
    ...pick(original, NOTICE_VARIABLES),
    ...extra,
  });
  return process.env;
}

/**
 * Like {@link useAwsEnv}, for google-auth-library (which reads `process.env` too): no metadata
 * server probing, no ADC file, and a temp HOME whose gcloud directory does not exist yet.
 */
export function useGcpEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return useAwsEnv({ METADATA_SERVER_DETECTION: 'none', ...extra });
}

export function restoreProcessEnv(): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, original);
}
