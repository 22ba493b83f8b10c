import { SharedStore } from '../../cache/shared-store.js';
import { cliCacheDir } from '../cli-context.js';
import type { CommandResult } from './command-result.js';

/** `credhelper cache clear`: removes every shared cache entry (they hold secrets) and lock. */
export async function cacheClear(): Promise<CommandResult> {
  const dir = cliCacheDir(process.env);
  const removed = new SharedStore(dir).clear();
  return { data: { dir, removed }, lines: [`removed ${removed} file(s) from ${dir}`] };
}
