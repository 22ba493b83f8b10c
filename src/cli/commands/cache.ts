import { SharedStore } from '../../cache/shared-store.js';
import { cliCacheDir } from '../cli-context.js';
import type { CommandResult } from './command-result.js';

/** `credhelper cache clear`: removes every shared cache entry (they hold secrets) and lock. */
export async function cacheClear(): Promise<CommandResult> {
  const dir = cliCacheDir(process.env);
  const store = new SharedStore(dir);
  const problem = store.problem();
  if (problem !== undefined) {
    // Not the user's directory: nothing in it is theirs to remove (and credhelper never used it).
    return { data: { dir, removed: 0, problem }, lines: [`${dir} ${problem}: not used by credhelper, left as it is`] };
  }
  const removed = store.clear();
  return { data: { dir, removed }, lines: [`removed ${removed} file(s) from ${dir}`] };
}
