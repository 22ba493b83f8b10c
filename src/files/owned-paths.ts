import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, type Stats } from 'node:fs';

/** The current user's uid, or `undefined` where there are none (Windows). */
export function currentUid(): number | undefined {
  return process.getuid?.();
}

/**
 * Why `stats` (of a file credhelper is about to read) cannot be trusted, or `undefined` when it
 * can: it must be a regular file owned by the current user. Another user's file is content that
 * user planted.
 */
export function fileOwnerProblem(stats: Stats): string | undefined {
  if (!stats.isFile()) return 'is not a regular file';
  const uid = currentUid();
  if (uid !== undefined && stats.uid !== uid) return `is owned by uid ${stats.uid}, not by you (uid ${uid})`;
  return undefined;
}

/** How strict {@link privateDirectoryProblem} is about the directory's mode. */
export interface PrivateDirectoryOptions {
  /**
   * `'private'` (default): no group or other access at all (the shared cache, whose parent may
   * be `/tmp`). `'not-writable'`: group and other may read or search but not write (a data dir
   * the user created by hand with 0755; its files are 0600 anyway).
   */
  mode?: 'private' | 'not-writable';
}

/**
 * Makes sure `dir` is a directory that only the current user controls, creating it (and missing
 * parents) with mode 0700 when it does not exist. Returns `undefined` when it can be used, else
 * why not. A directory that exists is checked, never chmodded: it must be a real directory (not
 * a symbolic link) owned by the current user, without group or other access (see
 * {@link PrivateDirectoryOptions}). Another local user can create `/tmp/credhelper` before the
 * victim does; using it would let them plant entries or read what is written there.
 */
export function privateDirectoryProblem(dir: string, options: PrivateDirectoryOptions = {}): string | undefined {
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot be examined (${errorCode(error)})`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      stats = lstatSync(dir);
    } catch (createError) {
      return `cannot be created (${errorCode(createError)})`;
    }
  }
  if (stats.isSymbolicLink()) return 'is a symbolic link';
  if (!stats.isDirectory()) return 'is not a directory';
  const uid = currentUid();
  if (uid === undefined) return undefined;
  if (stats.uid !== uid) return `is owned by uid ${stats.uid}, not by you (uid ${uid})`;
  const forbidden = options.mode === 'not-writable' ? 0o022 : 0o077;
  if ((stats.mode & forbidden) !== 0) {
    return `has mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}, open to other users (expected 0700)`;
  }
  return undefined;
}

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? 'error';
}

/** Thrown by {@link readOwnedFile} for a file that is not a regular file of the current user's. */
export class NotOwnedError extends Error {
  override readonly name = 'NotOwnedError';
  /** Like Node's errors, so that callers that report `code` can report this one too. */
  readonly code = 'NOT_OWNED';
  /** What is wrong, e.g. "is owned by uid 1001, not by you (uid 1000)". */
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path} ${problem}`);
    this.problem = problem;
  }
}

/**
 * The text of `path`, read only when it is a regular file owned by the current user (content
 * another user wrote, such as planted store entries or trust decisions, is not this user's).
 * Throws Node's error for a missing or unreadable file (`code` set), {@link NotOwnedError} otherwise.
 */
export function readOwnedFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const problem = fileOwnerProblem(fstatSync(fd));
    if (problem !== undefined) throw new NotOwnedError(path, problem);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
