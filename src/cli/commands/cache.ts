import { SharedStore, sharedCacheDir } from '../../cache/shared-store.js';
import type { CommandResult } from './command-result.js';

/** The shared cache directory the CLI uses (`CREDHELPER_CACHE_DIR`, else the default). */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREDHELPER_CACHE_DIR?.trim() || sharedCacheDir(env);
}

/** `credhelper cache clear`: removes every shared cache entry (they hold secrets) and lock. */
export async function cacheClear(): Promise<CommandResult> {
  const dir = cliCacheDir();
  const removed = new SharedStore(dir).clear();
  return { data: { dir, removed }, lines: [`removed ${removed} file(s) from ${dir}`] };
}
