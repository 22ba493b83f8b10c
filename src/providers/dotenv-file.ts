import { join } from 'node:path';
import { parse } from 'dotenv';
import { CredentialHelperError } from '../errors.js';
import { NotOwnedError, readCheckedFile } from '../files/owned-paths.js';

/** The project `.env` file credhelper reads: the one in `cwd` (not a parent's). */
export function dotenvPath(cwd: string): string {
  return join(cwd, '.env');
}

/** A `.env` file as read: its path, its text (what trust hashes) and its variables. */
export interface DotenvFile {
  path: string;
  text: string;
  variables: Record<string, string>;
}

/**
 * The variables of `cwd`'s `.env`, parsed with `dotenv.parse` (never loaded into `process.env`);
 * `undefined` when there is no file. An unreadable file is `SOURCE_UNREADABLE` naming it.
 */
export function readDotenv(cwd: string): Record<string, string> | undefined {
  return readDotenvFile(cwd)?.variables;
}

/** {@link readDotenv} with the file's path and text. */
export function readDotenvFile(cwd: string): DotenvFile | undefined {
  const path = dotenvPath(cwd);
  let text: string;
  try {
    // A regular file of at most 1 MiB: a cloned repository can ship `.env` as a FIFO or a link to /dev/zero.
    text = readCheckedFile(path, { owner: 'any', maxBytes: 1024 * 1024 });
  } catch (error) {
    // A `.env/` folder (a Python virtualenv), a FIFO or a device is no `.env` file: nothing to read.
    if (error instanceof NotOwnedError && error.problem === 'is not a regular file') return undefined;
    if (error instanceof NotOwnedError) {
      throw new CredentialHelperError('SOURCE_UNREADABLE', `${path} ${error.problem}; credhelper does not read it.`, {
        setting: path,
      });
    }
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new CredentialHelperError('SOURCE_UNREADABLE', `cannot read ${path} (${code ?? 'error'})`, { setting: path });
  }
  return { path, text, variables: parse(text) };
}
