import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import { node, usePackedConsumer } from './packed-consumer.js';

// Issue 21: the installed package runs its library bundle (dist/chunks/library.cjs) from the V8 code
// cache written at build time (dist/chunks/library-loader.cjs). A cache V8 rejects (another Node, a
// damaged file) or none at all must change nothing but the start-up time, and the lazy `import()`s
// of code read back from the cache must work (Node 20 cannot run them from there itself).

const { consumer, home } = usePackedConsumer();
const KEY = 'sk-ant-test-code-cache-000000000001';
const CHUNKS = join('node_modules', 'credhelper', 'dist', 'chunks');

/** A copy of the consumer project whose installed library code cache file is `damage(file)` (none: `undefined`). */
function consumerWithCache(damage: (file: Buffer) => Buffer | undefined): { dir: string; cleanup: () => void } {
  const copy = tempDir();
  cpSync(join(consumer.dir, 'node_modules'), join(copy.dir, 'node_modules'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  copyFileSync(join(consumer.dir, 'package.json'), join(copy.dir, 'package.json'));
  const file = join(copy.dir, CHUNKS, 'library.cjs.v8-cache');
  const damaged = damage(readFileSync(file));
  if (damaged === undefined) rmSync(file);
  else writeFileSync(file, damaged);
  return copy;
}

/** Runs app/code-cache-consumer.mjs in `dir` with an API key and a static-key AWS profile. */
function runConsumer(dir: string): { code: number | null; stdout: string; stderr: string } {
  copyFileSync(new URL('./app/code-cache-consumer.mjs', import.meta.url), join(dir, 'code-cache-consumer.mjs'));
  writeFileSync(join(dir, 'aws-config'), '[profile dev]\nregion = us-west-2\n');
  writeFileSync(
    join(dir, 'aws-credentials'),
    '[dev]\naws_access_key_id = AKIATESTCODECACHE001\naws_secret_access_key = test-code-cache-secret-00000000000000001\n',
  );
  return node(['code-cache-consumer.mjs'], dir, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home.dir,
    ANTHROPIC_API_KEY: KEY,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_PROFILE: 'dev',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    METADATA_SERVER_DETECTION: 'none',
    LOADER: join(dir, CHUNKS, 'library-loader.cjs'),
  });
}

const EXPECTED = {
  anthropic: 'env:ANTHROPIC_API_KEY',
  bedrock: 'sigv4 aws:profile',
  failure: 'HELPER_EXIT',
  requiredClass: true,
  internal: 'function',
};

/**
 * The parts of the installed cache file: its first line (the Node that wrote it) and the V8 cache,
 * which follows twice (see `verifiedCache` in scripts/library-loader.cjs).
 */
function parts(file: Buffer): { tag: Buffer; cache: Buffer } {
  const tag = file.subarray(0, file.indexOf(0x0a) + 1);
  return { tag, cache: file.subarray(tag.length, tag.length + (file.length - tag.length) / 2) };
}

/** A cache file for `cache` as the build writes it, under `tag`. */
function cacheFile(tag: Buffer | string, cache: Buffer): Buffer {
  return Buffer.concat([Buffer.from(tag), cache, cache]);
}

describe('the library code cache, installed', () => {
  it('is shipped with the bundle and the CommonJS entries (and no source maps)', () => {
    const files = readdirSync(join(consumer.dir, 'node_modules', 'credhelper', 'dist'), { recursive: true }).map(
      String,
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'index.js',
        'index.cjs',
        'internal.js',
        'internal.cjs',
        join('chunks', 'library-loader.cjs'),
        join('chunks', 'library.cjs'),
        join('chunks', 'library.cjs.v8-cache'),
      ]),
    );
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('is accepted by the Node that built it, and the lazy imports of code read from it work', () => {
    const run = runConsumer(consumer.dir);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ...EXPECTED, cachedDataRejected: 'false' });
    expect(run.stdout).not.toContain(KEY);
  });

  // What V8 rejects itself (its header check: another V8 version, not a code cache), what the
  // loader refuses before V8 sees it (another Node's tag; a cache V8 would take and crash on: one
  // bit flipped past the header, measured: SIGSEGV or a V8 fatal error), and none at all.
  it.each<[string, (file: Buffer) => Buffer | undefined, string]>([
    [
      'another V8 version (its version hash differs), the same Node tag',
      (file) => {
        const { tag, cache } = parts(file);
        const other = Buffer.from(cache);
        other[4] = (other[4] ?? 0) ^ 0xff;
        return cacheFile(tag, other);
      },
      'true',
    ],
    [
      'not a V8 code cache, the same Node tag',
      (file) => cacheFile(parts(file).tag, Buffer.from('not a cache')),
      'true',
    ],
    ['written by another Node (its tag)', (file) => cacheFile('node v20.0.0 x64\n', parts(file).cache), 'undefined'],
    ['truncated', (file) => file.subarray(0, 100_000), 'undefined'],
    [
      'one bit flipped in one copy, past the header',
      (file) => {
        const damaged = Buffer.from(file);
        const at = parts(file).tag.length + 1000;
        damaged[at] = (damaged[at] ?? 0) ^ 0x01;
        return damaged;
      },
      'undefined',
    ],
    ['empty', () => Buffer.alloc(0), 'undefined'],
    ['missing', () => undefined, 'undefined'],
  ])('%s: compiled as usual, the same results', (_name, damage, cachedDataRejected) => {
    const copy = consumerWithCache(damage);
    try {
      const run = runConsumer(copy.dir);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual({ ...EXPECTED, cachedDataRejected });
    } finally {
      copy.cleanup();
    }
  });
});
