import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SharedStore } from '../../cache/shared-store.js';
import { privateDirectoryProblem } from '../../files/owned-paths.js';
import { cliCacheDir } from '../cli-context.js';
import type { CommandResult } from './command-result.js';

/** The launcher's per-user code caches (scripts/cli-user-code-cache.cjs): `code-cache/` in the shared cache directory. */
const CODE_CACHE_SUBDIRECTORY = 'code-cache';
/** The code caches of the two CLI bundles, and the temporary files of an interrupted write. */
const CODE_CACHE_FILE = /^\.?cli(-hot)?\.js\..+\.(v8-cache|tmp)$/;

/**
 * Removes the CLI's per-user code caches in `dir` (compiled credhelper code, no secrets: the next
 * run writes them again), when `dir` exists and is the user's alone. Returns how many files went.
 */
function clearCodeCaches(dir: string): number {
  try {
    lstatSync(dir);
  } catch {
    return 0; // none was ever written (not created here either)
  }
  if (privateDirectoryProblem(dir) !== undefined) return 0; // not ours to change
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!CODE_CACHE_FILE.test(name)) continue;
    try {
      if (!lstatSync(join(dir, name)).isFile()) continue;
      rmSync(join(dir, name), { force: true });
      removed++;
    } catch {
      // removed by another process meanwhile
    }
  }
  return removed;
}

/**
 * `credhelper cache clear`: removes every shared cache entry (they hold secrets) and lock, and the
 * CLI's per-user code caches (a way out should one ever not fit this Node).
 */
export async function cacheClear(): Promise<CommandResult> {
  const dir = cliCacheDir(process.env);
  const store = new SharedStore(dir);
  const problem = store.problem();
  if (problem !== undefined) {
    // Not the user's directory: nothing in it is theirs to remove (and credhelper never used it).
    return { data: { dir, removed: 0, problem }, lines: [`${dir} ${problem}: not used by credhelper, left as it is`] };
  }
  const removed = store.clear();
  const codeCaches = clearCodeCaches(join(dir, CODE_CACHE_SUBDIRECTORY));
  const lines = [`removed ${removed} file(s) from ${dir}`];
  if (codeCaches > 0) lines.push(`removed ${codeCaches} code cache file(s) from ${join(dir, CODE_CACHE_SUBDIRECTORY)}`);
  return { data: { dir, removed, codeCaches }, lines };
}
