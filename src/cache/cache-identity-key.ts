import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileOwnerProblem, privateDirectoryProblem } from '../files/owned-paths.js';
import { PRIVATE_FILE_MODE } from '../files/safe-write-file.js';

/** The file, in the shared cache directory, that holds the user's identity key (32 random bytes). */
export const IDENTITY_KEY_FILE = 'identity.key';
const KEY_BYTES = 32;

function randomBytes(size: number): Buffer {
  const { randomBytes: random } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return random(size);
}

/** The key in `file`; `undefined` when absent; throws when present but not a private 32-byte file. */
function readKey(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (fileOwnerProblem(stat) !== undefined || (stat.mode & 0o077) !== 0 || stat.size !== KEY_BYTES) {
      throw new Error('untrusted key file');
    }
    const key = Buffer.alloc(KEY_BYTES);
    if (readSync(fd, key, 0, KEY_BYTES, 0) !== KEY_BYTES) throw new Error('short key file');
    return key;
  } finally {
    closeSync(fd);
  }
}

/**
 * The user's key for shared cache identities (see `cacheIdentity`), kept in `dir` as a 0600
 * file of random bytes, created on first use: written to a fresh `O_EXCL|O_NOFOLLOW` temp file,
 * then hard-linked into place, so that processes starting at once all end up with one key and
 * none reads a half-written file. `undefined` (share nothing) when the directory or the file
 * is not private to the user, or cannot be created.
 */
export function cacheIdentityKey(dir: string): Buffer | undefined {
  try {
    if (privateDirectoryProblem(dir) !== undefined) return undefined; // the shared store refuses it too
    const file = join(dir, IDENTITY_KEY_FILE);
    const existing = readKey(file);
    if (existing !== undefined) return existing;
    const temp = join(dir, `${IDENTITY_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
    const fd = openSync(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      PRIVATE_FILE_MODE,
    );
    try {
      try {
        writeSync(fd, randomBytes(KEY_BYTES));
        fsyncSync(fd); // a crash must not leave a short key in place (it would turn sharing off for good)
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process won: use its key
      }
    } finally {
      unlinkSync(temp);
    }
    return readKey(file);
  } catch {
    return undefined;
  }
}
