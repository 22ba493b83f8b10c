import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileOwnerProblem, privateDirectoryProblem } from '../files/owned-paths.js';
import { safeWriteFile } from '../files/safe-write-file.js';
import { homeDir, type ReadonlyEnv } from '../read-env.js';
import type { SharedCacheEntry } from '../schemas/shared-cache-entry.js';
import { withProcessLock } from './process-lock.js';

/**
 * The shared cache directory: `$XDG_RUNTIME_DIR/credhelper` (per-user, memory-backed, gone at
 * logout), else `$XDG_CACHE_HOME/credhelper`, else `~/.cache/credhelper`.
 */
export function sharedCacheDir(env: ReadonlyEnv): string {
  const runtime = env.XDG_RUNTIME_DIR?.trim();
  if (runtime) return join(runtime, 'credhelper');
  const cache = env.XDG_CACHE_HOME?.trim() || join(homeDir(env), '.cache');
  return join(cache, 'credhelper');
}

/**
 * Variables that change what a helper prints without changing its command line (a script that
 * calls `aws configure export-credentials` follows AWS_PROFILE): processes share an entry only
 * when these agree. `CREDHELPER_CACHE_SCOPE` partitions the cache by hand.
 */
export const SHARED_CACHE_SCOPE_VARIABLES = [
  'CREDHELPER_CACHE_SCOPE',
  'HOME',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'CLOUDSDK_CONFIG',
  'CLOUDSDK_ACTIVE_CONFIG_NAME',
] as const;

/** The values of {@link SHARED_CACHE_SCOPE_VARIABLES} in `env`, as one string. */
export function sharedCacheScope(env: ReadonlyEnv): string {
  return SHARED_CACHE_SCOPE_VARIABLES.map((name) => `${name}=${env[name] ?? ''}`).join('\0');
}

/**
 * Files that let processes of one user share helper results: one 0600 file per key (named by a
 * SHA-256 of the user, the scope and the key), in a 0700 directory, written atomically, read without a lock.
 * A miss is filled under a per-key lock, re-checked inside it, so that N processes run a helper
 * once. A corrupt or unreadable file is a miss, never an error.
 *
 * Only what the user owns is trusted: the directory is used only when it is a real directory
 * owned by the current user with no group or other access (created 0700 when missing, never
 * chmodded), and an entry or lock is read only when it is a regular file owned by the user.
 * Anything else means no sharing (see {@link SharedStore.problem}), never a failed resolution.
 */
export class SharedStore {
  readonly dir: string;
  readonly #scope: string;

  /** `scope` is folded into every file name (see {@link sharedCacheScope}); the user always is. */
  constructor(dir: string, scope = '') {
    this.dir = dir;
    this.#scope = `${process.getuid?.() ?? userInfo().username}\0${scope}`;
  }

  /** Entry file names by key: a run reads, locks and writes one key, hashing it once. */
  readonly #files = new Map<string, string>();

  #file(key: string): string {
    let file = this.#files.get(key);
    if (file === undefined) {
      const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
      file = join(this.dir, `${createHash('sha256').update(`${this.#scope}\0${key}`).digest('hex').slice(0, 40)}.json`);
      this.#files.set(key, file);
    }
    return file;
  }

  /**
   * Why this directory cannot be shared, or `undefined` when it can (it is then created 0700 if
   * missing): for example "is owned by uid 1001, not by you (uid 1000)" when another user made
   * `/tmp/credhelper` first. Checked again before every use.
   */
  problem(): string | undefined {
    return privateDirectoryProblem(this.dir);
  }

  #usable(): boolean {
    return this.problem() === undefined;
  }

  /** The entry for `key`, or `undefined` when there is none or it cannot be read or trusted. */
  async read(key: string): Promise<SharedCacheEntry | undefined> {
    let text: string;
    try {
      if (!this.#usable()) return undefined;
      // O_NOFOLLOW: an entry replaced by a symbolic link is a miss, whatever it points at.
      const fd = openSync(this.#file(key), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      try {
        // Only a regular file of this user's: not a FIFO (that would block), not someone else's.
        if (fileOwnerProblem(fstatSync(fd)) !== undefined) return undefined;
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
    try {
      const { sharedCacheEntrySchema } = await import('../schemas/shared-cache-entry.js');
      const parsed = sharedCacheEntrySchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Replaces the entry for `key` atomically (see `safeWriteFile`: 0600, random temp name, rename). */
  async write(key: string, entry: SharedCacheEntry): Promise<void> {
    try {
      if (!this.#usable()) return;
      await safeWriteFile(this.#file(key), JSON.stringify(entry));
    } catch {
      // The shared cache is an optimisation: a full or read-only disk must not fail a resolution.
    }
  }

  /** Removes the entry for `key` (after a 401/403, so that other processes re-run the helper too). */
  delete(key: string): void {
    try {
      if (!this.#usable()) return; // not ours to change
      unlinkSync(this.#file(key));
    } catch {
      // nothing to remove
    }
  }

  /** Runs `task` under the per-key lock (see `withProcessLock`). */
  async withLock<T>(key: string, timeoutMs: number, task: () => Promise<T>): Promise<T> {
    // No usable directory, no sharing: resolve as a lone process would.
    if (!this.#usable()) return task();
    return withProcessLock(`${this.#file(key)}.lock`, timeoutMs, task);
  }

  /** Removes every entry and lock (`credhelper cache clear`). Returns how many files went. */
  clear(): number {
    let removed = 0;
    let names: string[];
    // Someone else's directory is left alone (its files are not ours to remove, nor ours to trust).
    if (!this.#usable()) return 0;
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      // entries, locks, interrupted temp files, and the failed-refresh record (`RefreshFailureLog`)
      if (!/^\.?([0-9a-f]{40}|refresh-failures)\.json(\..+)?$/.test(name)) continue;
      rmSync(join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}
