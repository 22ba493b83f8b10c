// File faults, through the CLI a user runs: auth.json and the shared cache made unreadable,
// truncated, filled with garbage, replaced by a symbolic link to another file, and on a full disk
// (a 256 KiB tmpfs when this machine lets us mount one, else a preloaded ENOSPC on every write).
// Nothing stored is lost or overwritten, every failure is typed, and no secret is printed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cliAsync, cliHome, userSettings } from '../support/cli.js';
import { fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

const KEY = 'test-canary-secret-stored-0001';
const PRECIOUS = JSON.stringify({
  openai: { type: 'api', key: KEY },
  'openai:work': { type: 'api', key: `${KEY}-work` },
});

/** A store holding two entries, at `$HOME/.local/share/credhelper/auth.json`. */
function homeWithStore(content: string | Buffer = PRECIOUS, extra: Record<string, string> = {}) {
  const { home, env } = cliHome(extra);
  const dir = join(home, '.local', 'share', 'credhelper');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'auth.json');
  writeFileSync(file, content, { mode: 0o600 });
  return { home, env, dir, file };
}

/** Every command that reads or writes the store, with its standard input. */
const STORE_COMMANDS: Array<[string[], string | undefined]> = [
  [['login', '--provider', 'openai', '--stdin'], 'test-canary-secret-new-0002'],
  [['login', '--provider', 'mistral', '--profile', 'x', '--stdin'], 'test-canary-secret-new-0003'],
  [['paste-token', '--provider', 'anthropic', '--stdin'], 'test-canary-secret-new-0004'],
  [['logout', 'openai'], undefined],
  [['auth', 'order', 'set', '--provider', 'openai', 'work'], undefined],
  [['get', 'openai'], undefined],
  [['list'], undefined],
];

function snapshot(path: string): { bytes: Buffer; mode: number } {
  return { bytes: readFileSync(path), mode: lstatSync(path).mode & 0o777 };
}

/** No temporary file or lock left next to `file`. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name !== 'auth.json');
}

describe('auth.json faults: every command reports the file and leaves it byte-for-byte as it was', () => {
  const corrupt: Array<[string, string | Buffer]> = [
    ['truncated', PRECIOUS.slice(0, PRECIOUS.length / 2)],
    ['filled with garbage', randomBytes(4096)],
    ['not an object', '["openai"]'],
    ['empty', ''],
  ];
  it.each(corrupt)('%s', async (_name, content) => {
    const { env, dir, file } = homeWithStore(content);
    const before = snapshot(file);
    for (const [args, input] of STORE_COMMANDS) {
      const run = await cliAsync(args, { env, ...(input === undefined ? {} : { input }) });
      const label = args.join(' ');
      expect(run.code, label).toBe(78);
      expect(run.stderr, label).toContain(file);
      expect(run.stderr, label).toContain('left as it is');
      expect(run.stdout + run.stderr, label).not.toContain(KEY);
      expect(snapshot(file), label).toEqual(before);
      expect(leftovers(dir), label).toEqual([]);
    }
  });

  it('unreadable (mode 000, read by a user who is not root): 78 naming the file, never replaced', async () => {
    const { home, env, dir, file } = homeWithStore();
    chmodSync(file, 0o000);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      // root reads anything: run the CLI as nobody, who owns the home but cannot read the file.
      for (const path of [home, join(home, '.local'), join(home, '.local', 'share'), dir, file]) {
        chownSync(path, 65534, 65534);
      }
    }
    const before = snapshot(file);
    for (const [args, input] of STORE_COMMANDS) {
      const command = asRoot
        ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, CLI, ...args]
        : [process.execPath, CLI, ...args];
      const run = spawnSync(command[0] as string, command.slice(1), {
        env,
        cwd: home,
        input: input ?? '',
        encoding: 'utf8',
        timeout: 30_000,
      });
      const label = args.join(' ');
      expect(run.status, `${label}: ${run.stderr}`).toBe(78);
      expect(run.stderr, label).toContain(file);
      expect(run.stderr, label).toMatch(/EACCES|cannot read/);
      expect(snapshot(file), label).toEqual(before);
      expect(leftovers(dir), label).toEqual([]);
    }
  });

  it('a symbolic link to another file: read through, never written through; the other file is unchanged', async () => {
    const { env, dir, file } = homeWithStore();
    const other = join(scratchDir(), 'precious.json');
    writeFileSync(other, PRECIOUS, { mode: 0o600 });
    rmSync(file);
    symlinkSync(other, file);
    const got = await cliAsync(['get', 'openai'], { env });
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(`${KEY}\n`);
    for (const [args, input] of STORE_COMMANDS.filter(([args]) => !['get', 'list'].includes(args[0] as string))) {
      const run = await cliAsync(args, { env, ...(input === undefined ? {} : { input }) });
      const label = args.join(' ');
      expect(run.code, label).toBe(1);
      expect(run.stderr, label).toContain('symbolic link');
      expect(run.stdout + run.stderr, label).not.toContain(KEY);
      expect(lstatSync(file).isSymbolicLink(), label).toBe(true);
      expect(readlinkSync(file), label).toBe(other);
      expect(readFileSync(other, 'utf8'), label).toBe(PRECIOUS);
      expect(leftovers(dir), label).toEqual([]);
    }
  });
});

/** A directory on a full disk: a small tmpfs filled to the last byte, or the ENOSPC preload. */
function fullDisk(): {
  dir: string;
  env: Record<string, string>;
  fill: () => void;
  free: () => void;
  unmount: () => void;
  kind: string;
} {
  const dir = join(scratchDir(), 'small-disk');
  mkdirSync(dir);
  // FORCE_SIMULATED_ENOSPC=1 exercises the fallback on a machine that can mount.
  const mounted =
    process.env.FORCE_SIMULATED_ENOSPC !== '1' &&
    spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', dir]).status === 0;
  if (mounted) {
    mounts.push(dir);
    const filler = join(dir, 'filler');
    return {
      dir,
      env: {},
      kind: 'tmpfs',
      fill: () => {
        // Write until the disk refuses; the store's own files keep the bytes they have.
        const chunk = Buffer.alloc(4096, 1);
        try {
          for (let i = 0; i < 1024; i++) writeFileSync(filler, chunk, { flag: 'a' });
        } catch (error) {
          expect((error as { code?: string }).code).toBe('ENOSPC');
        }
      },
      free: () => rmSync(filler, { force: true }),
      unmount: () => {
        spawnSync('umount', [dir]);
        mounts.splice(mounts.indexOf(dir), 1);
      },
    };
  }
  const env: Record<string, string> = {};
  return {
    dir,
    env,
    kind: 'simulated ENOSPC',
    fill: () => {
      env.NODE_OPTIONS = `--require ${fixture('enospc-preload.cjs')}`;
      env.ENOSPC_DIR = dir;
    },
    free: () => {
      delete env.NODE_OPTIONS;
      delete env.ENOSPC_DIR;
    },
    unmount: () => {},
  };
}
const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts) spawnSync('umount', ['-l', dir]);
});

describe('a full disk', () => {
  it('auth.json: logins fail with STORE_UNWRITABLE naming the file; the stored entries are intact; then it works again', async () => {
    const disk = fullDisk();
    const file = join(disk.dir, 'credhelper', 'auth.json');
    const { env } = cliHome({ CREDHELPER_AUTH_FILE: file });
    const first = await cliAsync(['login', '--provider', 'openai', '--stdin'], { env, input: KEY });
    expect(first.code).toBe(0);
    const before = snapshot(file);
    disk.fill();
    for (let i = 0; i < 5; i++) {
      const run = await cliAsync(['login', '--provider', 'openai', '--profile', `p${i}`, '--stdin'], {
        env: { ...env, ...disk.env },
        input: `test-canary-secret-full-${i}-0000000000`,
      });
      expect(run.code, `${disk.kind}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toContain('ENOSPC');
      expect(run.stdout + run.stderr).not.toContain('test-canary-secret');
      expect(snapshot(file)).toEqual(before);
      expect(readdirSync(join(disk.dir, 'credhelper'))).toEqual(['auth.json']);
    }
    expect((await cliAsync(['get', 'openai'], { env: { ...env, ...disk.env } })).stdout).toBe(`${KEY}\n`);
    disk.free();
    const again = await cliAsync(['login', '--provider', 'openai', '--profile', 'after', '--stdin'], {
      env: { ...env, ...disk.env },
      input: `${KEY}-after`,
    });
    expect(again.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['openai', 'openai:after']);
    disk.unmount();
  });

  it('the shared cache: a full disk costs the sharing, never the resolution', async () => {
    const disk = fullDisk();
    const { home, env } = cliHome({ CREDHELPER_CACHE_DIR: join(disk.dir, 'cache') });
    const count = join(scratchDir(), 'count');
    userSettings(home, { apiKeyHelper: `echo run >> '${count}'; echo ${KEY}` });
    disk.fill();
    for (let i = 0; i < 3; i++) {
      const run = await cliAsync(['get', 'anthropic'], { env: { ...env, ...disk.env } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`${KEY}\n`);
      expect(run.stderr).toBe('');
    }
    // Nothing could be shared: the helper ran each time.
    expect(readFileSync(count, 'utf8').trim().split('\n')).toHaveLength(3);
    disk.unmount();
  });
});

describe('shared cache entries that are corrupt, foreign or links: a miss, never a crash, never a write through', () => {
  it.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2)],
    ['garbage', () => randomBytes(512).toString('latin1')],
    ['an entry of another version', (text: string) => text.replace('"version":1', '"version":2')],
    [
      'a value of the wrong shape',
      (text: string) => text.replace(/"value":.*?,"loadedAt"/, '"value":{"x":[1]},"loadedAt"'),
    ],
  ])('%s', async (_name, damage) => {
    const { home, env } = cliHome();
    const cacheDir = join(home, 'cache');
    env.CREDHELPER_CACHE_DIR = cacheDir;
    const count = join(scratchDir(), 'count');
    userSettings(home, { apiKeyHelper: `echo run >> '${count}'; echo ${KEY}` });
    expect((await cliAsync(['get', 'anthropic'], { env })).stdout).toBe(`${KEY}\n`);
    const entries = readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
    expect(entries).toHaveLength(1);
    const entry = join(cacheDir, entries[0] as string);
    writeFileSync(entry, damage(readFileSync(entry, 'utf8')));
    const run = await cliAsync(['get', 'anthropic'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${KEY}\n`);
    expect(readFileSync(count, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('an entry replaced by a symbolic link to another file: the other file is never written', async () => {
    const { home, env } = cliHome();
    const cacheDir = join(home, 'cache');
    env.CREDHELPER_CACHE_DIR = cacheDir;
    userSettings(home, { apiKeyHelper: `echo ${KEY}` });
    expect((await cliAsync(['get', 'anthropic'], { env })).code).toBe(0);
    const name = readdirSync(cacheDir).find((n) => n.endsWith('.json')) as string;
    const other = join(scratchDir(), 'precious.txt');
    writeFileSync(other, 'precious, not a cache entry\n');
    rmSync(join(cacheDir, name));
    symlinkSync(other, join(cacheDir, name));
    const run = await cliAsync(['get', 'anthropic'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${KEY}\n`);
    expect(readFileSync(other, 'utf8')).toBe('precious, not a cache entry\n');
  });

  it('an unusable cache directory (a file where the directory should be): resolution as if unshared', async () => {
    const { home, env } = cliHome();
    const notADir = join(home, 'cache');
    writeFileSync(notADir, 'precious\n');
    env.CREDHELPER_CACHE_DIR = notADir;
    userSettings(home, { apiKeyHelper: `echo ${KEY}` });
    const run = await cliAsync(['get', 'anthropic'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${KEY}\n`);
    expect(readFileSync(notADir, 'utf8')).toBe('precious\n');
  });
});
