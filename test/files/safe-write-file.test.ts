import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withProcessLock } from '../../src/cache/process-lock.js';
import { fileOwnerProblem, privateDirectoryProblem, readOwnedFile } from '../../src/files/owned-paths.js';
import { safeWriteFile } from '../../src/files/safe-write-file.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { AS_ROOT } from '../support/local-users.js';

isolateTests();

/** uid/gid of `nobody`: another user, for tests run as root. */
const NOBODY = 65534;

describe('safeWriteFile: random O_EXCL temp, 0600, rename, no chown', () => {
  it('creates a 0600 file and leaves no temporary file behind', async () => {
    const dir = scratchDir();
    const path = join(dir, 'auth.json');
    await safeWriteFile(path, '{"a":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['auth.json']);
  });

  it('replaces a file of a wider mode with a 0600 one', async () => {
    const dir = scratchDir();
    const path = join(dir, 'entry.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    chmodSync(path, 0o644);
    await safeWriteFile(path, 'new');
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('replaces a symbolic link at the destination instead of writing through it', async () => {
    const dir = scratchDir();
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'untouched');
    const path = join(dir, 'entry.json');
    symlinkSync(target, path);
    await safeWriteFile(path, 'secret');
    expect(readFileSync(target, 'utf8')).toBe('untouched');
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('secret');
  });

  it('fails without a trace when the directory is missing', async () => {
    const dir = scratchDir();
    await expect(safeWriteFile(join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(AS_ROOT)(
    "as root, over another user's file: the new file is root's, not handed to the old owner",
    async () => {
      const dir = scratchDir();
      const path = join(dir, 'entry.json');
      writeFileSync(path, 'old', { mode: 0o644 });
      chownSync(path, NOBODY, NOBODY);
      await safeWriteFile(path, 'root-secret');
      expect(lstatSync(path).uid).toBe(0);
      expect(lstatSync(path).mode & 0o777).toBe(0o600);
    },
  );
});

describe('privateDirectoryProblem: only a directory the user alone controls', () => {
  it('creates a missing directory (and parents) with mode 0700', () => {
    const dir = join(scratchDir(), 'a', 'credhelper');
    expect(privateDirectoryProblem(dir)).toBeUndefined();
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses, and does not chmod, an existing directory open to group or others', () => {
    const dir = join(scratchDir(), 'credhelper');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    expect(privateDirectoryProblem(dir)).toBe('has mode 0755, open to other users (expected 0700)');
    expect(lstatSync(dir).mode & 0o777).toBe(0o755);
    // A data directory may be readable by others (its files are 0600), never writable.
    expect(privateDirectoryProblem(dir, { mode: 'not-writable' })).toBeUndefined();
    chmodSync(dir, 0o775);
    expect(privateDirectoryProblem(dir, { mode: 'not-writable' })).toContain('has mode 0775');
  });

  it('refuses a symbolic link and a file', () => {
    const base = scratchDir();
    const real = join(base, 'real');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, join(base, 'link'));
    writeFileSync(join(base, 'file'), '');
    expect(privateDirectoryProblem(join(base, 'link'))).toBe('is a symbolic link');
    expect(privateDirectoryProblem(join(base, 'file'))).toBe('is not a directory');
  });

  it.runIf(AS_ROOT)("refuses another user's directory, even one with mode 0700", () => {
    const dir = join(scratchDir(), 'credhelper');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, NOBODY, NOBODY);
    expect(privateDirectoryProblem(dir)).toBe(`is owned by uid ${NOBODY}, not by you (uid 0)`);
  });
});

describe.runIf(AS_ROOT)("files another user owns, inside the user's own directory", () => {
  it('readOwnedFile and fileOwnerProblem refuse them', () => {
    const path = join(scratchDir(), 'trust.json');
    writeFileSync(path, '{}');
    expect(readOwnedFile(path)).toBe('{}');
    chownSync(path, NOBODY, NOBODY);
    expect(fileOwnerProblem(lstatSync(path))).toContain(`owned by uid ${NOBODY}`);
    expect(() => readOwnedFile(path)).toThrow(/owned by uid 65534, not by you/);
  });

  it('a lock file of theirs is never waited on (the task runs at once, unlocked)', async () => {
    const lock = join(scratchDir(), 'key.json.lock');
    writeFileSync(lock, '1 \n'); // names pid 1, alive: an honest lock like this would be waited on
    chownSync(lock, NOBODY, NOBODY);
    const started = performance.now();
    expect(await withProcessLock(lock, 10_000, async () => 'ran')).toBe('ran');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(readFileSync(lock, 'utf8')).toBe('1 \n'); // not ours to remove
  });
});
