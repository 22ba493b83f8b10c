import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliHome, userSettings } from '../support/cli.js';
import { fixture, removeScratchDirs, scratchDir } from '../support/fixtures.js';

// Issue 21: dist/cli/bin.js runs the CLI bundle from a V8 code cache written at build time (Node 20
// has no module compile cache). The cache must fit the Node that built it (else every run pays the
// compile again, silently), and a cache that does not fit must change nothing but the speed.

afterEach(removeScratchDirs);

interface Launcher {
  BUNDLE: string;
  HOT_BUNDLE: string;
  CACHE: string;
  HOT_COMMANDS: string[];
  bundleFor: (args: string[]) => string;
  shippedCacheFile: (bundle?: string) => string;
  compileCli: (bundle?: string) => { cachedDataRejected?: boolean };
}

const launcher = createRequire(import.meta.url)(CLI) as Launcher;

/** A copy of dist/cli whose code caches (of both bundles, for this Node) are `cache`. */
function copyWithCache(cache: Buffer | undefined): string {
  const dir = join(scratchDir(), 'cli');
  mkdirSync(dir);
  for (const name of ['bin.js', 'user-code-cache.cjs', 'cli.js', 'cli-hot.js', 'package.json'])
    copyFileSync(join(launcher.BUNDLE, '..', name), join(dir, name));
  if (cache !== undefined) {
    for (const bundle of ['cli.js', 'cli-hot.js']) writeFileSync(launcher.shippedCacheFile(join(dir, bundle)), cache);
  }
  return join(dir, 'bin.js');
}

describe('the CLI code cache', () => {
  it('is accepted by the Node that built it (the build wrote it after a real run)', () => {
    // Named after the Node that wrote it: another Node finds none (and runs from the user's own, see user-code-cache.test.ts).
    expect(launcher.CACHE).toBe(`${launcher.BUNDLE}.${process.version}-${process.arch}.v8-cache`);
    expect(existsSync(launcher.CACHE)).toBe(true);
    expect(launcher.compileCli().cachedDataRejected).toBe(false);
    expect(launcher.compileCli(launcher.HOT_BUNDLE).cachedDataRejected).toBe(false);
  });

  it('a cache that does not fit, or none, is rejected and the CLI behaves the same', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-code-cache-000000000001' });
    const settings = join(scratchDir(), 'settings.json');
    writeFileSync(settings, '{}');
    for (const cache of [Buffer.from('not a V8 code cache'), undefined]) {
      const bin = copyWithCache(cache);
      // `get` runs the hot bundle, `--settings … get` the full one (see the launcher's bundleFor).
      for (const args of [['get'], ['--settings', settings, 'get']]) {
        const run = spawnSync(process.execPath, [bin, ...args, 'anthropic', '--json'], { env, encoding: 'utf8' });
        expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
        expect(JSON.parse(run.stdout)).toMatchObject({ target: 'anthropic', source: 'env:ANTHROPIC_API_KEY' });
      }
    }
  });

  // Issue 21 review: V8 does not check a code cache's payload in a release build: bits flipped past
  // the header of the build's cache made every `credhelper get` die (SIGSEGV, a V8 fatal error) or
  // hang (measured). The file holds the cache twice; copies that differ are no cache.
  it("bits flipped in one copy of the build's cache: not used, the CLI behaves the same", () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-code-cache-000000000001', CREDHELPER_SHARED_CACHE: '0' });
    const bin = copyWithCache(undefined);
    const damaged = Buffer.from(readFileSync(launcher.shippedCacheFile(launcher.HOT_BUNDLE)));
    for (let at = 5000; at < damaged.length / 2; at += 5000) damaged[at] = (damaged[at] ?? 0) ^ 0x10;
    writeFileSync(launcher.shippedCacheFile(join(bin, '..', 'cli-hot.js')), damaged);
    const run = spawnSync(process.execPath, [bin, 'get', 'anthropic', '--json'], {
      env,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect({ code: run.status, signal: run.signal, stderr: run.stderr.slice(0, 200) }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    expect(JSON.parse(run.stdout)).toMatchObject({ target: 'anthropic', source: 'env:ANTHROPIC_API_KEY' });
  });

  it('a dynamic import in code read back from the cache works (a helper run imports node:child_process)', () => {
    // Found while building this: code compiled from a V8 code cache cannot run `import()` itself on
    // Node 20 (a bare TypeError): the cold apiKeyHelper path failed, every cache hit passed.
    const { home, env } = cliHome();
    userSettings(home, { apiKeyHelper: fixture('print-key.sh') });
    const run = spawnSync(process.execPath, [CLI, 'get', 'anthropic'], { env, cwd: home, encoding: 'utf8' });
    expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 0,
      stdout: 'sk-ant-test-fixture-0001\n',
      stderr: '',
    });
  });
});

// Issue 21: two bundles of one CLI. dist/cli/cli-hot.js has only the commands other programs start on
// every call (`get`, `aws-credential-process`); the launcher picks it by the first argument, and a
// process runs one bundle only (no module twice, no state split between two copies).
/** Runs `bundle` (one of the launcher's) with `args` as the launcher would: the bundle is a module function, not a script. */
function runBundle(bundle: string, args: string[], env: Record<string, string>) {
  const script = `const l = require(${JSON.stringify(CLI)}); process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...${JSON.stringify(args)}]; l.runCli(l.compileCli(${JSON.stringify(bundle)}), ${JSON.stringify(bundle)});`;
  return spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
}

describe('the hot bundle', () => {
  it('runs get and aws-credential-process when they come first; every other command line runs the full bundle', () => {
    expect(launcher.HOT_COMMANDS).toEqual(['get', 'aws-credential-process']);
    expect(launcher.bundleFor(['get', 'anthropic'])).toBe(launcher.HOT_BUNDLE);
    expect(launcher.bundleFor(['aws-credential-process', '--profile', 'dev'])).toBe(launcher.HOT_BUNDLE);
    for (const args of [
      [],
      ['status'],
      ['exec', '--', 'get'],
      ['--settings', 'x.json', 'get', 'anthropic'],
      ['help', 'get'],
    ]) {
      expect(launcher.bundleFor(args)).toBe(launcher.BUNDLE);
    }
  });

  it('prints the same help as the full bundle (every command is registered in both)', () => {
    const { env } = cliHome();
    const help = (bundle: string) => runBundle(bundle, ['get', '--help'], env).stdout;
    const full = help(launcher.BUNDLE);
    expect(full).toContain('get <target>');
    expect(full).toContain('--profile');
    expect(help(launcher.HOT_BUNDLE)).toBe(full);
    expect(spawnSync(process.execPath, [CLI, 'get', '--help'], { env, encoding: 'utf8' }).stdout).toBe(full);
  });

  it('leaves the other commands out: run through it anyway, one fails loudly instead of running half a CLI', () => {
    const { env } = cliHome();
    const run = runBundle(launcher.HOT_BUNDLE, ['status'], env);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('unexpected error');
    expect(run.stdout).toBe('');
    const full = runBundle(launcher.BUNDLE, ['status'], env);
    expect(full.stdout).toContain('anthropic'); // the same command line in the full bundle works
  });
});
