import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { CredentialHelperError } from '../errors.js';
import { NotOwnedError, privateDirectoryProblem, readOwnedFile } from '../files/owned-paths.js';
import { safeWriteFile } from '../files/safe-write-file.js';
import { isRecord } from '../is-record.js';

/** The parsed `auth.json`: entry id → entry, plus `$order`. Kept raw so that nothing unknown is lost. */
export type AuthData = Record<string, unknown>;

/** How long a lock may go without its holder touching it before another process reclaims it. */
export const DEFAULT_STORE_STALE_MS = 10_000;
/** How long a writer waits for the lock (longer than the stale window, so a dead holder is outwaited). */
export const DEFAULT_STORE_LOCK_WAIT_MS = 30_000;

/** Options of {@link AuthStore}. */
export interface AuthStoreOptions {
  /** Default {@link DEFAULT_STORE_STALE_MS}; proper-lockfile's minimum is 2 000. */
  staleMs?: number;
  /** Default {@link DEFAULT_STORE_LOCK_WAIT_MS}. */
  lockWaitMs?: number;
}

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? 'error';
}

/**
 * credhelper's credential file, `auth.json`. Reads take no lock (writes replace the file
 * atomically, so a reader sees the old or the new file, never half of one). Writes are
 * read-modify-write under a `proper-lockfile` lock with a re-read inside it, so that concurrent
 * writers never lose each other's entries; a holder that died is outwaited (stale after
 * {@link DEFAULT_STORE_STALE_MS}). Directory 0700, file 0600 from its creation. A file that is not
 * a JSON object is an error naming the file, and is never overwritten.
 */
export class AuthStore {
  readonly path: string;
  readonly #staleMs: number;
  readonly #lockWaitMs: number;

  constructor(path: string, options: AuthStoreOptions = {}) {
    this.path = path;
    this.#staleMs = Math.max(options.staleMs ?? DEFAULT_STORE_STALE_MS, 2000);
    this.#lockWaitMs = options.lockWaitMs ?? DEFAULT_STORE_LOCK_WAIT_MS;
  }

  /** The file's content; `{}` when it does not exist. Throws `STORE_CORRUPT` when it cannot be used. */
  read(): AuthData {
    let text: string;
    try {
      text = readOwnedFile(this.path);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return {};
      // Another user's file is content they planted (entries that name variables, token URLs).
      const message =
        error instanceof NotOwnedError
          ? `the credential store ${this.path} ${error.problem}; credhelper does not use it. ` +
            'Fix: point CREDHELPER_AUTH_FILE at a file of your own, or move this one away.'
          : `cannot read the credential store ${this.path} (${code}). Fix its permissions (it should be yours, mode 0600).`;
      throw new CredentialHelperError('STORE_CORRUPT', message, { setting: this.path });
    }
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!isRecord(json)) {
      // The parser's message would quote the file (which holds keys): not even that is kept.
      throw new CredentialHelperError(
        'STORE_CORRUPT',
        `the credential store ${this.path} is not a JSON object; it was left as it is. ` +
          'Fix: repair it, or move it away and log in again (`credhelper login`).',
        { setting: this.path },
      );
    }
    return json;
  }

  /**
   * Runs `mutate` on the current content under the lock and writes the result when it changed.
   * Resolves to what `mutate` returns. Nothing is written when `mutate` throws.
   */
  async update<T>(mutate: (data: AuthData) => T | Promise<T>): Promise<T> {
    const directory = dirname(this.path);
    // Created 0700 when missing; an existing one must be the user's and closed to other writers.
    const problem = privateDirectoryProblem(directory, { mode: 'not-writable' });
    if (problem !== undefined) {
      throw new CredentialHelperError(
        'STORE_UNWRITABLE',
        `the directory ${directory} of the credential store ${problem}; credhelper does not write there. ` +
          'Fix: make it yours with mode 0700, or point CREDHELPER_AUTH_FILE elsewhere.',
        { setting: this.path },
      );
    }
    const release = await this.#lock();
    let compromised = false;
    try {
      const data = this.read();
      const before = JSON.stringify(data);
      const result = await mutate(data);
      const after = JSON.stringify(data, null, 2);
      if (JSON.stringify(data) !== before) {
        if (release.compromised()) compromised = true;
        else await this.#write(`${after}\n`);
      }
      if (compromised) {
        throw new CredentialHelperError(
          'STORE_LOCKED',
          `lost the lock on ${this.path} while updating it (the process stalled past ${this.#staleMs} ms); nothing was written. Try again.`,
          { setting: this.path },
        );
      }
      return result;
    } finally {
      await release.release();
    }
  }

  async #lock(): Promise<{ release: () => Promise<void>; compromised: () => boolean }> {
    // Loaded on the first write only (CommonJS, with graceful-fs and signal-exit).
    const lockfile = await import('proper-lockfile'); // a literal specifier: bundlers follow it
    let lost = false;
    const maxTimeout = 100;
    try {
      const release = await lockfile.lock(this.path, {
        realpath: false,
        stale: this.#staleMs,
        retries: {
          retries: Math.ceil(this.#lockWaitMs / maxTimeout) + 10,
          minTimeout: 5,
          maxTimeout,
          factor: 1.5,
          randomize: true,
        },
        onCompromised: () => {
          lost = true;
        },
      });
      return {
        compromised: () => lost,
        release: async () => {
          try {
            await release();
          } catch {
            // A compromised lock may already be gone; nothing of ours is left to clean up.
          }
        },
      };
    } catch (error) {
      if (errorCode(error) === 'ELOCKED') {
        throw new CredentialHelperError(
          'STORE_LOCKED',
          `the credential store ${this.path} stayed locked by another process for ${Math.round(this.#lockWaitMs / 1000)} s. ` +
            `If no credhelper is running, remove ${this.path}.lock.`,
          { setting: this.path },
        );
      }
      throw new CredentialHelperError(
        'STORE_UNWRITABLE',
        `cannot lock the credential store ${this.path} (${errorCode(error)})`,
        { setting: this.path },
      );
    }
  }

  async #write(text: string): Promise<void> {
    try {
      if (lstatSync(this.path).isSymbolicLink()) {
        throw new CredentialHelperError(
          'STORE_UNWRITABLE',
          `the credential store ${this.path} is a symbolic link; credhelper does not write through links (the target would be replaced). ` +
            'Fix: point CREDHELPER_AUTH_FILE at the real file.',
          { setting: this.path },
        );
      }
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    try {
      // A random O_EXCL temporary file, mode 0600, fsynced, then renamed over the old one.
      await safeWriteFile(this.path, text);
    } catch (error) {
      throw new CredentialHelperError(
        'STORE_UNWRITABLE',
        `cannot write the credential store ${this.path} (${errorCode(error)}); the file on disk is unchanged.`,
        { setting: this.path },
      );
    }
  }
}
