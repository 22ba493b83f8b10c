import { execFile } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { cacheIdentity } from '../../src/cache/cache-identity.js';
import { cacheIdentityKey, IDENTITY_KEY_FILE } from '../../src/cache/cache-identity-key.js';
import { CredentialCache } from '../../src/cache/credential-cache.js';
import { SharedStore } from '../../src/cache/shared-store.js';
import { useAwsEnv } from '../support/clean-env.js';
import { fakeClock, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

/** One "process": a cache over the shared directory with its own TTL for values without expiry. */
function processWithTtl(dir: string, now: () => number, readerTtlMs: number | undefined) {
  const runs = { count: 0 };
  const cache = new CredentialCache<string>({
    now,
    shared: {
      store: new SharedStore(dir),
      lockTimeoutMs: 2000,
      encode: (v) => v,
      decode: (j) => (typeof j === 'string' ? j : undefined),
      ...(readerTtlMs === undefined ? {} : { ttlMs: readerTtlMs }),
    },
  });
  const load = (ttlMs: number) => async () => {
    runs.count++;
    return { value: `sk-ant-test-ttl-${ttlMs}-${runs.count}`, ttlMs };
  };
  return { cache, runs, load };
}

describe('a shared entry is reused only within the reader’s own TTL (issue 22, Major 2)', () => {
  it('TTL 0 never reuses an entry another process stored for 1 h; a 5 min reader stops at 5 min of age', async () => {
    const dir = scratchDir();
    const clock = fakeClock();
    const writer = processWithTtl(dir, clock.now, 3_600_000);
    expect(await writer.cache.get('k', writer.load(3_600_000))).toBe('sk-ant-test-ttl-3600000-1');

    const always = processWithTtl(dir, clock.now, 0);
    expect(await always.cache.get('k', always.load(0))).toBe('sk-ant-test-ttl-0-1');
    expect(await always.cache.get('k', always.load(0))).toBe('sk-ant-test-ttl-0-2');

    clock.advance(299_999);
    const fiveMinutes = processWithTtl(dir, clock.now, 300_000);
    expect(await fiveMinutes.cache.get('k', fiveMinutes.load(300_000))).toBe('sk-ant-test-ttl-3600000-1');
    expect(fiveMinutes.runs.count).toBe(0);
    clock.advance(1); // the entry is 5 min old: too old for this reader, though its writer keeps it 1 h
    expect(await fiveMinutes.cache.get('k', fiveMinutes.load(300_000))).toBe('sk-ant-test-ttl-300000-1');

    // In memory too: the value read from the shared file is not kept past the reader's TTL.
    const later = processWithTtl(dir, clock.now, 60_000);
    expect(await later.cache.get('k', later.load(60_000))).toBe('sk-ant-test-ttl-300000-1');
    clock.advance(60_000);
    expect(await later.cache.get('k', later.load(60_000))).toBe('sk-ant-test-ttl-60000-1');
  });

  it('an entry stored "in the future" (the clock moved back, or a forged file) is a miss', async () => {
    const dir = scratchDir();
    const clock = fakeClock();
    const writer = processWithTtl(dir, clock.now, 3_600_000);
    await writer.cache.get('k', writer.load(3_600_000));
    clock.advance(-60_000);
    const reader = processWithTtl(dir, clock.now, 3_600_000);
    expect(await reader.cache.get('k', reader.load(3_600_000))).toBe('sk-ant-test-ttl-3600000-1');
    expect(reader.runs.count).toBe(1);
  });

  it('an entry with an expiry follows the expiry, not the reader’s TTL for expiry-less values', async () => {
    const dir = scratchDir();
    const clock = fakeClock();
    const cache = (ttlMs: number) =>
      new CredentialCache<string>({
        now: clock.now,
        shared: {
          store: new SharedStore(dir),
          lockTimeoutMs: 2000,
          encode: (v) => v,
          decode: (j) => (typeof j === 'string' ? j : undefined),
          ttlMs,
        },
      });
    let runs = 0;
    const load = async () => ({ value: `sk-ant-test-expiring-${++runs}`, expiresAt: clock.now() + 3_600_000 });
    await cache(1000).get('k', load);
    clock.advance(10_000);
    expect(await cache(1000).get('k', load)).toBe('sk-ant-test-expiring-1');
    expect(runs).toBe(1);
  });
});

describe('the identity key and the keyed identity', () => {
  it('is 32 random bytes in a 0600 file: 8 processes racing to create it all end up with one key', async () => {
    const dir = join(scratchDir(), 'shared');
    const module = fileURLToPath(new URL('../../dist/cache/cache-identity-key.js', import.meta.url));
    const script = `const { cacheIdentityKey } = await import(${JSON.stringify(module)}); process.stdout.write(cacheIdentityKey(process.argv[1])?.toString('hex') ?? 'none');`;
    const printed = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<string>((resolve, reject) => {
            execFile(process.execPath, ['--input-type=module', '-e', script, dir], (error, stdout) =>
              error ? reject(error) : resolve(stdout),
            );
          }),
      ),
    );
    const file = join(dir, IDENTITY_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file)).toHaveLength(32);
    expect(new Set(printed)).toEqual(new Set([readFileSync(file).toString('hex')]));
    expect(cacheIdentityKey(dir)?.equals(readFileSync(file))).toBe(true);
    expect(readdirSync(dir)).toEqual([IDENTITY_KEY_FILE]); // no temp file left behind
  });

  it('a key file or directory that others could read or write means no key (no sharing)', () => {
    const dir = join(scratchDir(), 'shared');
    expect(cacheIdentityKey(dir)).toBeDefined();
    chmodSync(join(dir, IDENTITY_KEY_FILE), 0o644);
    expect(cacheIdentityKey(dir)).toBeUndefined();
    chmodSync(join(dir, IDENTITY_KEY_FILE), 0o600);
    expect(cacheIdentityKey(dir)).toBeDefined();
    chmodSync(dir, 0o755);
    expect(cacheIdentityKey(dir)).toBeUndefined();
    const short = join(scratchDir(), 'short');
    expect(cacheIdentityKey(short)).toBeDefined();
    writeFileSync(join(short, IDENTITY_KEY_FILE), 'short', { mode: 0o600 });
    expect(cacheIdentityKey(short)).toBeUndefined();
  });

  it('holds no secret input in the clear and depends on the key (no offline check of a guessed key)', () => {
    const secret = 'aws-test-secret-never-in-the-clear-0001';
    const inputs = { settings: { command: 'vend' }, environments: [{ AWS_SECRET_ACCESS_KEY: secret }] };
    const one = cacheIdentity(Buffer.alloc(32, 1), 'helper:apiKeyHelper', inputs);
    expect(one).not.toContain(secret);
    expect(one.startsWith('helper:apiKeyHelper\0')).toBe(true);
    expect(cacheIdentity(Buffer.alloc(32, 1), 'helper:apiKeyHelper', inputs)).toBe(one);
    expect(cacheIdentity(Buffer.alloc(32, 2), 'helper:apiKeyHelper', inputs)).not.toBe(one);
    // Unset and empty are different inputs; so is moving text between two settings.
    expect(cacheIdentity(Buffer.alloc(32, 1), 's', { settings: { a: undefined }, environments: [] })).not.toBe(
      cacheIdentity(Buffer.alloc(32, 1), 's', { settings: { a: '' }, environments: [] }),
    );
    expect(cacheIdentity(Buffer.alloc(32, 1), 's', { settings: { a: 'x', b: '' }, environments: [] })).not.toBe(
      cacheIdentity(Buffer.alloc(32, 1), 's', { settings: { a: '', b: 'x' }, environments: [] }),
    );
  });
});

describe('createCredentialHelper: the TTL options against a shared entry another process stored', () => {
  it('apiKeyHelperTtlMs: 0 runs the helper every time; awsCredentialExportTtlMs caps an expiry-less entry', async () => {
    const shared = scratchDir();
    const count = join(scratchDir(), 'count');
    const env = useAwsEnv({ COUNT_FILE: count, NO_EXPIRATION: '1' });
    const settings = { apiKeyHelper: fixture('count-runs.sh'), awsCredentialExport: fixture('print-sts-json.sh') };
    const base = { env, settings, sharedCache: shared, authFile: false as const };
    expect((await createCredentialHelper({ ...base, apiKeyHelperTtlMs: 3_600_000 }).anthropic()).value).toBe(
      'sk-ant-test-run-1',
    );
    expect((await createCredentialHelper({ ...base, apiKeyHelperTtlMs: 0 }).anthropic()).value).toBe(
      'sk-ant-test-run-2',
    );
    expect((await createCredentialHelper({ ...base, apiKeyHelperTtlMs: 0 }).anthropic()).value).toBe(
      'sk-ant-test-run-3',
    );

    await createCredentialHelper({ ...base, awsCredentialExportTtlMs: 3_600_000 }).bedrock();
    expect(runCount(count)).toBe(4);
    await createCredentialHelper({ ...base, awsCredentialExportTtlMs: 3_600_000 }).bedrock();
    expect(runCount(count)).toBe(4); // shared
    const inTwoSeconds = () => Date.now() + 2000;
    await createCredentialHelper({ ...base, awsCredentialExportTtlMs: 1000, now: inTwoSeconds }).bedrock();
    expect(runCount(count)).toBe(5);
  });
});

describe('the expiry margin is min(10 s, half the remaining life), as documented', () => {
  it('a credential loaded with 8 s left is used for 4 s; one with 1 h left until 10 s before expiry', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now });
    let runs = 0;
    const short = async () => ({ value: `sk-ant-test-short-${++runs}`, expiresAt: clock.now() + 8000 });
    await cache.get('short', short);
    clock.advance(3999);
    expect(cache.peek('short')?.value).toBe('sk-ant-test-short-1');
    clock.advance(1);
    expect(cache.peek('short')).toBeUndefined();
    const long = async () => ({ value: 'sk-ant-test-long', expiresAt: clock.now() + 3_600_000 });
    await cache.get('long', long);
    clock.advance(3_600_000 - 10_001);
    expect(cache.peek('long')?.value).toBe('sk-ant-test-long');
    clock.advance(1);
    expect(cache.peek('long')).toBeUndefined();
  });
});
