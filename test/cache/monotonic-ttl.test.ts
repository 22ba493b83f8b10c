import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialCache } from '../../src/cache/credential-cache.js';
import { MemoizedResolver } from '../../src/chain/memoized-resolver.js';
import { cleanEnv, fakeClock, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22: reuse periods followed the wall clock, so moving it back an hour let a 5-minute
// entry live 65 minutes. Periods are measured with a monotonic clock as well: a value is reused
// only while neither clock says its time is up.

isolateTests();
afterEach(() => vi.restoreAllMocks());

describe('reuse periods and a wall clock that moves back', () => {
  it('CredentialCache: a 5-minute TTL ends after 5 monotonic minutes, though the wall clock went back 1 h', async () => {
    const wall = fakeClock();
    const mono = fakeClock(0);
    const cache = new CredentialCache<string>({ now: wall.now, monotonic: mono.now });
    let runs = 0;
    const load = async () => ({ value: `sk-ant-test-mono-${++runs}`, ttlMs: 300_000 });
    expect(await cache.get('k', load)).toBe('sk-ant-test-mono-1');
    wall.advance(-3_600_000);
    mono.advance(299_999);
    expect(await cache.get('k', load)).toBe('sk-ant-test-mono-1');
    mono.advance(1);
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', load)).toBe('sk-ant-test-mono-2');
  });

  it('CredentialCache: an expiry still follows the wall clock when it moves forward', async () => {
    const wall = fakeClock();
    const mono = fakeClock(0);
    const cache = new CredentialCache<string>({ now: wall.now, monotonic: mono.now });
    let runs = 0;
    const load = async () => ({ value: `sk-ant-test-exp-${++runs}`, expiresAt: wall.now() + 3_600_000 });
    await cache.get('k', load);
    wall.advance(3_600_000);
    expect(cache.peek('k')).toBeUndefined();
  });

  it('MemoizedResolver: the same rule for its reuseUntil', async () => {
    const wall = fakeClock();
    const mono = fakeClock(0);
    let runs = 0;
    const memo = new MemoizedResolver(
      async () => ({ credential: ++runs, reuseUntil: wall.now() + 300_000 }),
      wall.now,
      mono.now,
    );
    expect(await memo.get()).toBe(1);
    wall.advance(-3_600_000);
    mono.advance(300_000);
    expect(await memo.get()).toBe(2);
  });

  it('createCredentialHelper with the system clock: the apiKeyHelper TTL ends on time after Date.now() jumps back', async () => {
    const count = `${scratchDir()}/count`;
    const creds = createCredentialHelper({
      env: cleanEnv({ COUNT_FILE: count }),
      settings: { apiKeyHelper: fixture('count-runs.sh') },
      apiKeyHelperTtlMs: 300_000,
      authFile: false,
    });
    expect((await creds.anthropic()).value).toBe('sk-ant-test-run-1');
    const wallStart = Date.now();
    const monoStart = performance.now();
    vi.spyOn(Date, 'now').mockReturnValue(wallStart - 3_600_000 + 300_001);
    vi.spyOn(performance, 'now').mockReturnValue(monoStart + 300_001);
    expect((await creds.anthropic()).value).toBe('sk-ant-test-run-2');
    expect(runCount(count)).toBe(2);
  });
});
