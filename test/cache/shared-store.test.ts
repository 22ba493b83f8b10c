import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialCache } from 'credhelper/internal';
import { describe, expect, it } from 'vitest';
import { withProcessLock } from '../../src/cache/process-lock.js';
import { SharedStore } from '../../src/cache/shared-store.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

function sharedCache(dir: string, loads: { count: number }, value = 'sk-ant-test-shared-0001') {
  const cache = new CredentialCache<string>({
    shared: {
      store: new SharedStore(dir),
      lockTimeoutMs: 2000,
      encode: (v) => v,
      decode: (j) => (typeof j === 'string' ? j : undefined),
    },
  });
  const load = async () => {
    loads.count++;
    return { value, ttlMs: 60_000 };
  };
  return { cache, load };
}

describe('SharedStore and the shared CredentialCache', () => {
  it('a second "process" (cache instance) reads the first one’s value; files are 0600 in a 0700 dir', async () => {
    const dir = join(scratchDir(), 'shared');
    const loads = { count: 0 };
    const first = sharedCache(dir, loads);
    const second = sharedCache(dir, loads);
    expect(await first.cache.get('k', first.load)).toBe('sk-ant-test-shared-0001');
    expect(await second.cache.get('k', second.load)).toBe('sk-ant-test-shared-0001');
    expect(loads.count).toBe(1);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(join(dir, files[0] ?? '')).mode & 0o777).toBe(0o600);
    // invalidate (after a 401) removes the file: the next process loads again.
    second.cache.invalidate('k');
    expect(readdirSync(dir)).toHaveLength(0);
    const third = sharedCache(dir, loads);
    await third.cache.get('k', third.load);
    expect(loads.count).toBe(2);
  });

  it('a fresh entry is read without the lock: a hit does not wait for a holder, nor leave a lock file (issue #21)', async () => {
    const dir = join(scratchDir(), 'shared');
    const loads = { count: 0 };
    const first = sharedCache(dir, loads);
    await first.cache.get('k', first.load);
    const [entry] = readdirSync(dir);
    // A live process (the test runner's parent) holds the key's lock, as a writer filling it would.
    const lock = join(dir, `${entry}.lock`);
    writeFileSync(lock, `${process.ppid} \n`);
    const started = performance.now();
    const second = sharedCache(dir, loads);
    expect(await second.cache.get('k', second.load)).toBe('sk-ant-test-shared-0001');
    // Under the lock it waited the whole lock timeout (2 s) first.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(loads.count).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([entry, `${entry}.lock`].sort());
    // A stale entry still takes the lock (waited for, then bypassed) and loads.
    writeFileSync(join(dir, entry ?? ''), JSON.stringify({ version: 1, value: 'x', loadedAt: 1, usableUntil: 2 }));
    const third = sharedCache(dir, loads);
    const missStarted = performance.now();
    expect(await third.cache.get('k', third.load)).toBe('sk-ant-test-shared-0001');
    expect(performance.now() - missStarted).toBeGreaterThanOrEqual(1900);
    expect(loads.count).toBe(2);
  });

  it('a corrupt or foreign entry is a miss, never an error', async () => {
    const dir = join(scratchDir(), 'shared');
    const loads = { count: 0 };
    const first = sharedCache(dir, loads);
    await first.cache.get('k', first.load);
    const [file] = readdirSync(dir);
    for (const junk of [
      '{ not json',
      '{"version":2}',
      JSON.stringify({ version: 1, value: 42, loadedAt: 1, usableUntil: 9e15 }),
    ]) {
      writeFileSync(join(dir, file ?? ''), junk);
      const next = sharedCache(dir, loads);
      expect(await next.cache.get('k', next.load)).toBe('sk-ant-test-shared-0001');
    }
    expect(loads.count).toBe(4);
  });

  it('a lock left by a dead process is reclaimed at once; a live holder is waited for, then bypassed', async () => {
    const dir = scratchDir();
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    writeFileSync(join(dir, 'dead.lock'), `${dead} 1\n`);
    const started = Date.now();
    expect(await withProcessLock(join(dir, 'dead.lock'), 5000, async () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(1000);

    writeFileSync(join(dir, 'live.lock'), `${process.ppid} \n`);
    const waited = Date.now();
    expect(await withProcessLock(join(dir, 'live.lock'), 300, async () => 'ran anyway')).toBe('ran anyway');
    expect(Date.now() - waited).toBeGreaterThanOrEqual(290);
  });
});

describe('an unusable shared cache directory', () => {
  it('does not fail the resolution: the value is loaded as if there were no shared cache', async () => {
    const blocker = join(scratchDir(), 'not-a-dir');
    writeFileSync(blocker, 'a file where the directory should be');
    const loads = { count: 0 };
    const { cache, load } = sharedCache(join(blocker, 'credhelper'), loads);
    expect(await cache.get('k', load)).toBe('sk-ant-test-shared-0001');
    expect(loads.count).toBe(1);
  });
});
