import { join } from 'node:path';
import { homeDir, type ReadonlyEnv } from '../chain/source-context.js';

/** credhelper's data dir: `$XDG_DATA_HOME/credhelper`, default `~/.local/share/credhelper`. */
export function dataDir(env: ReadonlyEnv): string {
  const base = env.XDG_DATA_HOME?.trim() || join(homeDir(env), '.local', 'share');
  return join(base, 'credhelper');
}

/** The credential store: `CREDHELPER_AUTH_FILE`, else `auth.json` in {@link dataDir}. */
export function authFilePath(env: ReadonlyEnv): string {
  return env.CREDHELPER_AUTH_FILE?.trim() || join(dataDir(env), 'auth.json');
}
