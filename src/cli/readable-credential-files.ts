import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { envValue, homeDir, type ReadonlyEnv } from '../chain/source-context.js';
import { wellKnownAdcFile } from '../gcp/adc-paths.js';
import { authFilePath } from '../store/data-dir.js';
import { cliSharedCacheDir } from './cli-context.js';

/** `dir` when it holds cached credentials (`<hash>.json` entries), not only its identity key. */
function sharedCacheWithEntries(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  try {
    return readdirSync(dir).some((name) => /^[0-9a-f]{40}\.json$/.test(name)) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files and folders holding credentials that exist for this user (shown with `~`): the AWS
 * shared credentials file, the AWS SSO and login caches, the gcloud ADC file and credential
 * database, credhelper's store and shared cache, Claude Code's credentials file. A process running
 * as the same user, such as an agent behind the proxy, can read them all.
 */
export function readableCredentialFiles(env: ReadonlyEnv): string[] {
  const home = homeDir(env);
  const gcloud = envValue(env, 'CLOUDSDK_CONFIG') ?? join(home, '.config', 'gcloud');
  const candidates = [
    envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(home, '.aws', 'credentials'),
    join(home, '.aws', 'sso', 'cache'),
    join(home, '.aws', 'login', 'cache'),
    envValue(env, 'GOOGLE_APPLICATION_CREDENTIALS'),
    wellKnownAdcFile(env),
    join(gcloud, 'credentials.db'),
    authFilePath(env),
    sharedCacheWithEntries(cliSharedCacheDir(env)),
    join(envValue(env, 'CLAUDE_CONFIG_DIR') ?? join(home, '.claude'), '.credentials.json'),
  ];
  const found: string[] = [];
  for (const path of candidates) {
    if (path === undefined || !existsSync(path)) continue;
    const shown = path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
    if (!found.includes(shown)) found.push(shown);
  }
  return found;
}
