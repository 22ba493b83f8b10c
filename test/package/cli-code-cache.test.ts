import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
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
  CACHE: string;
  compileCli: () => { cachedDataRejected?: boolean };
}

const launcher = createRequire(import.meta.url)(CLI) as Launcher;

/** A copy of dist/cli whose code cache is `cache`. */
function copyWithCache(cache: Buffer | undefined): string {
  const dir = join(scratchDir(), 'cli');
  mkdirSync(dir);
  for (const name of ['bin.js', 'cli.js', 'package.json'])
    copyFileSync(join(launcher.BUNDLE, '..', name), join(dir, name));
  if (cache !== undefined) writeFileSync(join(dir, 'cli.js.v8-cache'), cache);
  return join(dir, 'bin.js');
}

describe('the CLI code cache', () => {
  it('is accepted by the Node that built it (the build wrote it after a real run)', () => {
    expect(launcher.CACHE).toBe(`${launcher.BUNDLE}.v8-cache`);
    expect(launcher.compileCli().cachedDataRejected).toBe(false);
  });

  it('a cache that does not fit, or none, is rejected and the CLI behaves the same', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-code-cache-000000000001' });
    for (const cache of [Buffer.from('not a V8 code cache'), undefined]) {
      const bin = copyWithCache(cache);
      const run = spawnSync(process.execPath, [bin, 'get', 'anthropic', '--json'], { env, encoding: 'utf8' });
      expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toMatchObject({ target: 'anthropic', source: 'env:ANTHROPIC_API_KEY' });
    }
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
