import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envValue, homeDir, type ReadonlyEnv } from '../chain/source-context.js';
import type { CredentialTarget } from '../credentials/create-credential-helper.js';
import { wellKnownAdcFile } from '../gcp/adc-paths.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import { orderedEntryIds } from '../store/auth-entries.js';
import { AuthStore } from '../store/auth-store.js';
import { authFilePath } from '../store/data-dir.js';

function stored(env: ReadonlyEnv, provider: string): boolean {
  try {
    return orderedEntryIds(new AuthStore(authFilePath(env)).read(), provider).length > 0;
  } catch {
    return true; // a corrupt store: let the resolution report it
  }
}

/** The targets the CLI knows, in display order. */
export const CLI_TARGETS: readonly CredentialTarget[] = ['anthropic', 'bedrock', 'vertex'];

function truthy(env: ReadonlyEnv, name: string): boolean {
  const value = envValue(env, name)?.toLowerCase();
  return value !== undefined && value !== '0' && value !== 'false';
}

/**
 * Whether a target shows any sign of being set up, checked without network access: the cloud
 * chains are only asked when there is something for them to find, so that `status` on a laptop
 * does not wait for instance metadata that is not there. Anthropic is always tried (its sources
 * are variables and helpers, all local). `CLAUDE_CODE_USE_BEDROCK=1` / `CLAUDE_CODE_USE_VERTEX=1`
 * force a target on (e.g. on EC2 or GCE with metadata credentials only).
 */
export function looksConfigured(target: CredentialTarget, env: ReadonlyEnv, loaded: LoadedSettings): boolean {
  const home = homeDir(env);
  if (target === 'anthropic') return true;
  if (target === 'bedrock') {
    return (
      truthy(env, 'CLAUDE_CODE_USE_BEDROCK') ||
      loaded.settings.awsCredentialExport !== undefined ||
      stored(env, 'amazon-bedrock') ||
      [
        'AWS_BEARER_TOKEN_BEDROCK',
        'AWS_PROFILE',
        'AWS_ACCESS_KEY_ID',
        'AWS_CONTAINER_CREDENTIALS_FULL_URI',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
        'AWS_WEB_IDENTITY_TOKEN_FILE',
      ].some((name) => envValue(env, name) !== undefined) ||
      existsSync(envValue(env, 'AWS_CONFIG_FILE') ?? join(home, '.aws', 'config')) ||
      existsSync(envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(home, '.aws', 'credentials'))
    );
  }
  const wellKnown = wellKnownAdcFile(env);
  return (
    truthy(env, 'CLAUDE_CODE_USE_VERTEX') ||
    envValue(env, 'GOOGLE_APPLICATION_CREDENTIALS') !== undefined ||
    envValue(env, 'ANTHROPIC_VERTEX_PROJECT_ID') !== undefined ||
    (wellKnown !== undefined && existsSync(wellKnown))
  );
}
