import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliCacheDir } from '../../src/cli/cli-context.js';
import { CLI, cliHome, userSettings } from '../support/cli.js';
import { fixture, removeScratchDirs, scratchDir, waitFor } from '../support/fixtures.js';

// Issue 21: V8 accepts a code cache only from its own version and flags, so the build's code cache
// (dist/cli/<bundle>.<node>-<arch>.v8-cache) never fits the Node of a user who installs the
// published package. There the launcher runs the bundle from a code cache of the user's own
// (dist/cli/user-code-cache.cjs, in `code-cache/` of the shared cache directory), written when a
// run without one exits 0. These tests run a copy of dist/cli without the build's caches: what such
// a user runs. The second run reads the cache: the launcher rewrites it exactly when it had none or
// V8 rejected it, so a file left as it was (same inode, same time) was read and accepted.

afterEach(removeScratchDirs);

const DIST = join(CLI, '..');
const KEY = 'sk-ant-test-user-code-cache-0000000001';
const requireCjs = createRequire(import.meta.url);

interface Launcher {
  shippedCacheFile: (bundle: string) => string;
  readBundle: (bundle: string) => string;
  compileBundle: (bundle: string, source: string, cachedData?: Buffer) => { cachedDataRejected?: boolean };
}
interface UserCodeCache {
  CODE_CACHE_SUBDIRECTORY: string;
  codeCacheDir: (env: Record<string, string | undefined>) => string | undefined;
}

/** A copy of dist/cli without the build's code caches. */
function copyWithoutShippedCache(): { bin: string; dir: string } {
  const dir = join(scratchDir(), 'cli');
  mkdirSync(dir);
  for (const name of readdirSync(DIST)) {
    if (!name.endsWith('.v8-cache')) copyFileSync(join(DIST, name), join(dir, name));
  }
  return { bin: join(dir, 'bin.js'), dir };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): Run {
  const result = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    env,
    cwd: env.HOME,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The default code cache directory of a {@link cliHome}. */
function codeCacheDirOf(home: string): string {
  return join(home, '.cache', 'credhelper', 'code-cache');
}

/** The code cache files in `dir` (none when it does not exist). */
function cacheFiles(dir: string, bundle = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(bundle))
    .sort();
}

/** The one code cache of `bundle` (`cli-hot.js`, `cli.js`) in `dir`. */
function cacheFile(dir: string, bundle = 'cli-hot.js'): string {
  const files = cacheFiles(dir, `${bundle}.`);
  expect(files).toHaveLength(1);
  return join(dir, files[0] as string);
}

/** Whether V8 (this process: the same Node, and flags that fit the CLI's) accepts `data` as the code cache of `bundle`. */
function accepted(cliDir: string, bundle: string, data: Buffer): boolean {
  const launcher = requireCjs(join(cliDir, 'bin.js')) as Launcher;
  const path = join(cliDir, bundle);
  // The file holds the cache twice (a damaged copy would crash V8: scripts/cli-user-code-cache.cjs).
  const half = data.length / 2;
  if (!Number.isInteger(half) || !data.subarray(0, half).equals(data.subarray(half))) return false;
  return launcher.compileBundle(path, launcher.readBundle(path), data.subarray(0, half)).cachedDataRejected === false;
}

/** What the built CLI (from the build's code cache) answers for `args` in a HOME like `env`'s. */
function reference(args: string[], env: Record<string, string>): Run {
  return run(CLI, args, { ...env, HOME: scratchDir() });
}

const GET = ['get', 'anthropic', '--json'];

describe("the user's code cache (the build's does not fit this Node)", () => {
  it('the first run writes it (0700 directory, 0600 file, named for this Node and build), the second reads it', () => {
    const { bin, dir: cliDir } = copyWithoutShippedCache();
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const expected = reference(GET, env);
    expect(expected.code).toBe(0);
    expect(run(bin, GET, env)).toEqual(expected);
    const dir = codeCacheDirOf(home);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(cacheFiles(dir)).toEqual([
      expect.stringMatching(
        new RegExp(`^cli-hot\\.js\\.${process.version}-${process.arch}-default-[0-9a-f]{32}-\\d+-\\d+\\.v8-cache$`),
      ),
    ]);
    const file = cacheFile(dir);
    const written = statSync(file);
    expect(written.mode & 0o777).toBe(0o600);
    expect(written.uid).toBe(process.getuid?.() ?? written.uid);
    expect(accepted(cliDir, 'cli-hot.js', readFileSync(file))).toBe(true);

    expect(run(bin, GET, env)).toEqual(expected);
    const after = statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]); // read and accepted: not rewritten
    expect(cacheFiles(dir)).toHaveLength(1); // no temporary file left either

    // The full bundle (options first) has a cache of its own.
    const settings = join(scratchDir(), 'settings.json');
    writeFileSync(settings, '{}');
    const full = ['--settings', settings, ...GET];
    expect(run(bin, full, env)).toEqual(reference(full, env));
    expect(accepted(cliDir, 'cli.js', readFileSync(cacheFile(dir, 'cli.js')))).toBe(true);
  });

  it('`credhelper cache clear` removes the code caches too (a way out); the next run writes them again', () => {
    const { bin } = copyWithoutShippedCache();
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const expected = reference(GET, env);
    expect(run(bin, GET, env)).toEqual(expected);
    const dir = codeCacheDirOf(home);
    writeFileSync(join(dir, 'not-a-code-cache.txt'), 'left alone');
    expect(cacheFiles(dir, 'cli-hot.js.')).toHaveLength(1);
    const cleared = run(bin, ['cache', 'clear'], env);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain(`removed 1 code cache file(s) from ${dir}`);
    expect(cacheFiles(dir, 'cli-hot.js.')).toEqual([]);
    expect(cacheFiles(dir, 'not-a-code-cache')).toHaveLength(1);
    expect(run(bin, GET, env)).toEqual(expected);
    expect(cacheFiles(dir, 'cli-hot.js.')).toHaveLength(1);
  });

  it('a corrupt, truncated or bit-flipped cache is ignored and replaced, never run', () => {
    const { bin, dir: cliDir } = copyWithoutShippedCache();
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const expected = reference(GET, env);
    expect(run(bin, GET, env)).toEqual(expected);
    const file = cacheFile(codeCacheDirOf(home));
    const valid = readFileSync(file);
    // One bit flipped in the first copy: V8 (no payload checksum in a release build) ran such a
    // cache before the copies were compared, and a flipped bit can crash it (seen: SIGSEGV).
    const flipped = Buffer.from(valid);
    flipped[valid.length >> 2] = (flipped[valid.length >> 2] ?? 0) ^ 0x10;
    for (const damaged of [Buffer.from('not a V8 code cache'), valid.subarray(0, valid.length >> 1), flipped]) {
      writeFileSync(file, damaged);
      expect(run(bin, GET, env)).toEqual(expected);
      const now = readFileSync(file);
      expect(now.equals(damaged)).toBe(false);
      expect(accepted(cliDir, 'cli-hot.js', now)).toBe(true);
    }
  });

  it("a symbolic link, another user's file, or a file others may write is never read: replaced by the user's own", () => {
    const { bin } = copyWithoutShippedCache();
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const expected = reference(GET, env);
    expect(run(bin, GET, env)).toEqual(expected);
    const file = cacheFile(codeCacheDirOf(home));
    const valid = readFileSync(file);
    const planted = join(scratchDir(), 'planted.v8-cache');
    writeFileSync(planted, valid);

    // A symbolic link (to a valid cache): not followed; the link is replaced, its target left alone.
    unlinkSync(file);
    symlinkSync(planted, file);
    expect(run(bin, GET, env)).toEqual(expected);
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(planted).equals(valid)).toBe(true);

    // Writable by others (a valid cache): not read, replaced by a 0600 file.
    writeFileSync(file, valid);
    chmodSync(file, 0o666);
    const openToOthers = statSync(file).ino;
    expect(run(bin, GET, env)).toEqual(expected);
    expect(statSync(file).ino).not.toBe(openToOthers);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // Another user's (a valid cache): not read, replaced by the user's own.
    if (process.getuid?.() !== 0) {
      console.log("skipped the other user's file: chown needs root");
      return;
    }
    writeFileSync(file, valid);
    chownSync(file, 4242, 4242);
    const foreign = statSync(file).ino;
    expect(run(bin, GET, env)).toEqual(expected);
    expect(statSync(file).ino).not.toBe(foreign);
    expect(statSync(file).uid).toBe(0);
  });

  it("a code-cache directory that is not the user's alone is not used: nothing written or read there", () => {
    const { bin } = copyWithoutShippedCache();
    // Open to others.
    const open = cliHome({ ANTHROPIC_API_KEY: KEY });
    const openDir = codeCacheDirOf(open.home);
    mkdirSync(openDir, { recursive: true, mode: 0o700 });
    chmodSync(openDir, 0o755);
    expect(run(bin, GET, open.env)).toEqual(reference(GET, open.env));
    expect(cacheFiles(openDir)).toEqual([]);
    // A symbolic link to a directory of the user's.
    const linked = cliHome({ ANTHROPIC_API_KEY: KEY });
    const target = join(scratchDir(), 'elsewhere');
    mkdirSync(target, { mode: 0o700 });
    mkdirSync(join(linked.home, '.cache', 'credhelper'), { recursive: true, mode: 0o700 });
    symlinkSync(target, codeCacheDirOf(linked.home));
    expect(run(bin, GET, linked.env)).toEqual(reference(GET, linked.env));
    expect(readdirSync(target)).toEqual([]);
    // The shared cache directory around it open to others.
    const parent = cliHome({ ANTHROPIC_API_KEY: KEY });
    mkdirSync(join(parent.home, '.cache', 'credhelper'), { recursive: true });
    chmodSync(join(parent.home, '.cache', 'credhelper'), 0o755);
    expect(run(bin, GET, parent.env)).toEqual(reference(GET, parent.env));
    expect(existsSync(codeCacheDirOf(parent.home))).toBe(false);
  });

  it('CREDHELPER_SHARED_CACHE=0 writes and reads none; CREDHELPER_CACHE_DIR holds it', () => {
    const { bin } = copyWithoutShippedCache();
    const off = cliHome({ ANTHROPIC_API_KEY: KEY, CREDHELPER_SHARED_CACHE: '0' });
    const expected = reference(GET, off.env);
    expect(run(bin, GET, off.env)).toEqual(expected);
    expect(run(bin, GET, off.env)).toEqual(expected);
    expect(readdirSync(off.home, { recursive: true }).map(String)).not.toContainEqual(
      expect.stringContaining('code-cache'),
    );

    const cacheDir = join(scratchDir(), 'cache');
    const moved = cliHome({ ANTHROPIC_API_KEY: KEY, CREDHELPER_CACHE_DIR: cacheDir });
    expect(run(bin, GET, moved.env)).toEqual(reference(GET, moved.env));
    expect(cacheFiles(join(cacheDir, 'code-cache'), 'cli-hot.js.')).toHaveLength(1);
    expect(existsSync(codeCacheDirOf(moved.home))).toBe(false);
  });

  // Issue 21 review: the settings files' `env` sets CREDHELPER_SHARED_CACHE and CREDHELPER_CACHE_DIR for
  // the CLI (`status` says "off"); the launcher read process.env alone and wrote code caches (and
  // created ~/.cache/credhelper) where the user had turned the shared cache off or moved it.
  it("CREDHELPER_SHARED_CACHE=0 or another CREDHELPER_CACHE_DIR from a settings file's env: nothing written or created where the CLI does not keep its cache", () => {
    const { bin } = copyWithoutShippedCache();
    const off = cliHome({ ANTHROPIC_API_KEY: KEY });
    userSettings(off.home, { env: { CREDHELPER_SHARED_CACHE: '0' } });
    for (const args of [GET, ['status', '--json']]) {
      expect(run(bin, args, off.env).code).toBe(0);
    }
    expect(existsSync(join(off.home, '.cache'))).toBe(false);

    const elsewhere = join(scratchDir(), 'cache');
    const moved = cliHome({ ANTHROPIC_API_KEY: KEY });
    userSettings(moved.home, { env: { CREDHELPER_CACHE_DIR: elsewhere } });
    expect(run(bin, GET, moved.env).code).toBe(0);
    expect(existsSync(codeCacheDirOf(moved.home))).toBe(false);
  });

  it('a failed run, exec of a failing command, or a run stopped by a signal writes nothing; exit codes as with the build cache', async () => {
    const { bin } = copyWithoutShippedCache();
    const none = cliHome();
    const failed = reference(['get', 'anthropic'], none.env);
    expect(failed.code).toBe(1);
    expect(run(bin, ['get', 'anthropic'], none.env)).toEqual(failed);
    expect(cacheFiles(codeCacheDirOf(none.home))).toEqual([]);

    const exec = cliHome({ ANTHROPIC_API_KEY: KEY });
    const exit3 = ['exec', '--', 'sh', '-c', 'exit 3'];
    expect(run(bin, exit3, exec.env)).toEqual(reference(exit3, exec.env));
    expect(run(bin, exit3, exec.env).code).toBe(3);
    expect(cacheFiles(codeCacheDirOf(exec.home))).toEqual([]);
    expect(run(bin, ['exec', '--', 'true'], exec.env).code).toBe(0); // the child's 0: written
    expect(cacheFiles(codeCacheDirOf(exec.home), 'cli.js.')).toHaveLength(1);

    const marker = join(scratchDir(), 'started');
    const { home, env } = cliHome({ MARKER: marker });
    mkdirSync(join(home, '.config', 'credhelper'), { recursive: true });
    writeFileSync(
      join(home, '.config', 'credhelper', 'settings.json'),
      JSON.stringify({ apiKeyHelper: fixture('mark-then-hang.sh') }),
    );
    const child = spawn(process.execPath, [bin, 'get', 'anthropic'], { env, cwd: home, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(await waitFor(() => existsSync(marker), 10_000)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(cacheFiles(codeCacheDirOf(home))).toEqual([]);
  });

  it('another build of the same length, or a bundle edited by hand, never reads the old cache', () => {
    const { bin, dir: cliDir } = copyWithoutShippedCache();
    const bundle = join(cliDir, 'cli-hot.js');
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    expect(run(bin, GET, env).code).toBe(0);
    const dir = codeCacheDirOf(home);
    expect(cacheFiles(dir)).toHaveLength(1);
    const { atime, mtime } = statSync(bundle);
    const text = readFileSync(bundle, 'latin1');
    const body = text.slice(0, text.lastIndexOf('// credhelper-build-fingerprint: '));
    const renamed = body.replaceAll('ANTHROPIC_API_KEY', 'ANTHROPIC_API_KEZ');
    expect(renamed.length).toBe(body.length);
    expect(renamed).not.toBe(body);

    // Another build (a fingerprint line of its own, as scripts/bundle-cli.mjs writes one), same length and
    // the same modification time (npm gives every installed file one): the old cache would run the old code.
    const fingerprint = createHash('sha256').update(renamed, 'latin1').digest('hex').slice(0, 32);
    writeFileSync(bundle, `${renamed}// credhelper-build-fingerprint: ${fingerprint}\n`, 'latin1');
    utimesSync(bundle, atime, mtime);
    const rebuilt = run(bin, GET, { ...env, ANTHROPIC_API_KEY: '', ANTHROPIC_API_KEZ: KEY });
    expect({ code: rebuilt.code, stderr: rebuilt.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ source: 'env:ANTHROPIC_API_KEZ' });
    expect(cacheFiles(dir)).toHaveLength(2);

    // Edited by hand: the old build's fingerprint line kept, the text back as it was, a new modification time.
    writeFileSync(bundle, `${body}// credhelper-build-fingerprint: ${fingerprint}\n`, 'latin1');
    utimesSync(bundle, atime, new Date(mtime.getTime() + 5_000));
    const edited = run(bin, GET, env);
    expect({ code: edited.code, stderr: edited.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(edited.stdout)).toMatchObject({ source: 'env:ANTHROPIC_API_KEY' });
    expect(cacheFiles(dir)).toHaveLength(3);
  });

  it('a copy of dist/cli without user-code-cache.cjs runs as without a cache', () => {
    const { bin, dir: cliDir } = copyWithoutShippedCache();
    unlinkSync(join(cliDir, 'user-code-cache.cjs'));
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    expect(run(bin, GET, env)).toEqual(reference(GET, env));
    expect(existsSync(codeCacheDirOf(home))).toBe(false);
  });

  it("a write removes the bundle's caches of other builds or Nodes written over 30 days ago, and old temporary files", () => {
    const { bin } = copyWithoutShippedCache();
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const dir = codeCacheDirOf(home);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const day = 24 * 60 * 60 * 1000;
    const plant = (name: string, ageMs: number) => {
      writeFileSync(join(dir, name), 'old', { mode: 0o600 });
      const at = new Date(Date.now() - ageMs);
      utimesSync(join(dir, name), at, at);
    };
    plant('cli-hot.js.v18.0.0-x64-default-00000000000000000000000000000000-1-1.v8-cache', 31 * day);
    plant('cli-hot.js.v22.0.0-x64-default-00000000000000000000000000000000-1-1.v8-cache', 29 * day);
    plant('.cli-hot.js.v20.0.0-x64-default-0-1-1.v8-cache.123-abc.tmp', 2 * 60 * 60 * 1000);
    plant('.cli-hot.js.v20.0.0-x64-default-0-1-1.v8-cache.456-def.tmp', 60 * 1000);
    plant('cli.js.v18.0.0-x64-default-00000000000000000000000000000000-1-1.v8-cache', 31 * day); // another bundle's
    plant('unrelated', 365 * day);
    expect(run(bin, GET, env)).toEqual(reference(GET, env));
    const left = cacheFiles(dir);
    expect(left).toHaveLength(5);
    expect(left).toEqual(
      expect.arrayContaining([
        '.cli-hot.js.v20.0.0-x64-default-0-1-1.v8-cache.456-def.tmp',
        expect.stringMatching(new RegExp(`^cli-hot\\.js\\.${process.version}-`)),
        'cli-hot.js.v22.0.0-x64-default-00000000000000000000000000000000-1-1.v8-cache',
        'cli.js.v18.0.0-x64-default-00000000000000000000000000000000-1-1.v8-cache',
        'unrelated',
      ]),
    );
  });

  it("options that change V8's flags: the build's cache is passed over for the user's (named for them); other options keep the build's", () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const expected = reference(GET, env);
    const dir = codeCacheDirOf(home);
    // Node options that V8 does not see: the build's cache fits, no user cache is looked at.
    expect(run(CLI, GET, env, ['--no-warnings', '--enable-source-maps'])).toEqual(expected);
    expect(existsSync(dir)).toBe(false);
    // V8 flags (here on the command line, as often in NODE_OPTIONS): V8 would reject the build's cache.
    expect(run(CLI, GET, env, ['--max-old-space-size=200'])).toEqual(expected);
    const file = cacheFile(dir);
    expect(file).not.toContain('-default-');
    const written = statSync(file);
    expect(run(CLI, GET, { ...env, NODE_OPTIONS: '--max-old-space-size=200' })).toEqual(expected);
    expect(statSync(file).ino).toBe(written.ino); // the same flags: the same cache, read and accepted
    expect(run(CLI, GET, env, ['--stack-size=900'])).toEqual(expected);
    expect(cacheFiles(dir, 'cli-hot.js.')).toHaveLength(2); // other flags: another cache
  });
});

describe("the user's code cache directory", () => {
  it("is code-cache/ in the CLI's shared cache directory (the launcher computes it as src/cli/cli-context.ts does)", () => {
    const userCodeCache = requireCjs(join(DIST, 'user-code-cache.cjs')) as UserCodeCache;
    const envs: Array<Record<string, string | undefined>> = [
      { HOME: '/home/a' },
      { HOME: ' /home/a ' },
      { HOME: '/home/a', XDG_CACHE_HOME: '/x/cache' },
      { HOME: '/home/a', XDG_CACHE_HOME: '  ' },
      { HOME: '/home/a', XDG_RUNTIME_DIR: '/run/user/1000', XDG_CACHE_HOME: '/x/cache' },
      { HOME: '/home/a', XDG_RUNTIME_DIR: '' },
      { HOME: '/home/a', CREDHELPER_CACHE_DIR: '/c', XDG_RUNTIME_DIR: '/run/user/1000' },
      { HOME: '/home/a', CREDHELPER_CACHE_DIR: ' ' },
      { HOME: '', XDG_CACHE_HOME: '' },
      {},
      { HOME: '/home/a', CREDHELPER_SHARED_CACHE: '1' },
    ];
    for (const env of envs) {
      expect(userCodeCache.codeCacheDir(env), JSON.stringify(env)).toBe(
        join(cliCacheDir(env), userCodeCache.CODE_CACHE_SUBDIRECTORY),
      );
    }
    expect(userCodeCache.CODE_CACHE_SUBDIRECTORY).toBe('code-cache');
    for (const off of ['0', ' 0 ']) {
      expect(userCodeCache.codeCacheDir({ HOME: '/home/a', CREDHELPER_SHARED_CACHE: off })).toBeUndefined();
    }
  });

  it("is not looked at when the build's cache fits", () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    expect(run(CLI, GET, env).code).toBe(0);
    expect(existsSync(join(home, '.cache', 'credhelper'))).toBe(true); // the shared cache's (its identity key)
    expect(existsSync(codeCacheDirOf(home))).toBe(false);
  });
});
