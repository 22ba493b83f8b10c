import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, type Stats } from 'node:fs';

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

/**
 * Thrown by {@link readCheckedFile} for a file it will not read: not a regular file (a FIFO would
 * block, `/dev/zero` never ends), too large, another user's, or writable by others.
 */
export class NotOwnedError extends Error {
  override readonly name = 'NotOwnedError';
  /** Like Node's errors, so that callers that report `code` can report this one too. */
  readonly code = 'NOT_OWNED';
  /** What is wrong, e.g. "is owned by uid 1001, not by you (uid 1000)" or "is not a regular file". */
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path} ${problem}`);
    this.problem = problem;
  }
}

/** What {@link readCheckedFile} requires of a file besides being a regular file. */
export interface FileRules {
  /**
   * `'self'` (default): owned by the current user. `'self-or-root'`: also root's (a file an
   * administrator installed). `'any'`: anybody's.
   */
  owner?: 'self' | 'self-or-root' | 'any';
  /** Refuse a file that other users may write to (mode o+w): its content is theirs. Default false. */
  notWritableByOthers?: boolean;
  /** Refuse a larger file. Default 16 MiB. */
  maxBytes?: number;
}

/** Default {@link FileRules.maxBytes}. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

function rulesProblem(stats: Stats, rules: FileRules): string | undefined {
  if (!stats.isFile()) return 'is not a regular file';
  const maxBytes = rules.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (stats.size > maxBytes) return `is larger than ${maxBytes} bytes`;
  const owner = rules.owner ?? 'self';
  const uid = currentUid();
  if (owner !== 'any' && uid !== undefined && stats.uid !== uid && !(owner === 'self-or-root' && stats.uid === 0)) {
    return `is owned by uid ${stats.uid}, not by you (uid ${uid})`;
  }
  if (rules.notWritableByOthers === true && (stats.mode & 0o002) !== 0) return 'can be written by any user (mode o+w)';
  return undefined;
}

/**
 * The text of `path`, read only when it is a regular file that meets `rules` (default: owned by
 * the current user, at most 16 MiB). Opened with `O_NONBLOCK` and checked on the open descriptor,
 * so a FIFO or a device planted at the path (or behind a link to it) is refused at once instead of
 * blocking or never ending. Throws Node's error for a missing or unreadable file (`code` set),
 * {@link NotOwnedError} for one that breaks the rules.
 */
export function readCheckedFile(path: string, rules: FileRules = {}): string {
  return readCheckedBytes(path, rules).toString('utf8');
}

/** {@link readCheckedFile}, as bytes (for hashing a script, which need not be UTF-8). */
export function readCheckedBytes(path: string, rules: FileRules = {}): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const problem = rulesProblem(fstatSync(fd), rules);
    if (problem !== undefined) throw new NotOwnedError(path, problem);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * {@link readCheckedFile} with the default rules: a regular file of the current user's (content
 * another user wrote, such as planted store entries or trust decisions, is not this user's).
 */
export function readOwnedFile(path: string): string {
  return readCheckedFile(path);
}
