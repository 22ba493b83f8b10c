import type { ReadonlyEnv } from '../chain/source-context.js';
import type { CredentialTarget } from '../credentials/credential-target.js';

/**
 * Where the CLI's region for `target` comes from (the CLI passes no region option): `env:AWS_REGION`,
 * the profile's `region` line, `env:CLOUD_ML_REGION`…, or `default` when nothing names one
 * (`us-east-1`, `global`). `undefined` for Anthropic, or when the region cannot be read (the
 * resolution reports that).
 */
export async function regionOrigin(target: CredentialTarget, env: ReadonlyEnv): Promise<string | undefined> {
  try {
    if (target === 'bedrock') {
      const { resolveAwsRegionSetting } = await import('../aws/resolve-aws-region.js');
      return (await resolveAwsRegionSetting(undefined, env)).from;
    }
    if (target === 'vertex') {
      const { resolveVertexRegion } = await import('../vertex/resolve-vertex-settings.js');
      return resolveVertexRegion(undefined, env).from;
    }
  } catch {
    // An invalid region: `bedrock()` has reported it already.
  }
  return undefined;
}
