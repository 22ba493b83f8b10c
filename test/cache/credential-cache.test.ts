import { describe, expect, it } from 'vitest';
import { reuseUntilOf } from '../../src/cache/credential-cache.js';
import { CredentialCache, CredentialHelperError } from '../../src/internal.js';
import { fakeClock } from '../support/fixtures.js';

function counter(values: (n: number) => { value: string; ttlMs?: number; expiresAt?: number }) {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    load: async () => {
      runs++;
      return values(runs);
    },
  };
}

describe('CredentialCache', () => {
  it('single-flight: 1000 concurrent cold callers share one load', async () => {
    const cache = new CredentialCache<string>();
    let runs = 0;
    const load = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { value: 'v', ttlMs: 1000 };
    };
    const values = await Promise.all(Array.from({ length: 1000 }, () => cache.get('k', load)));
    expect(runs).toBe(1);
    expect(new Set(values)).toEqual(new Set(['v']));
  });

  it('TTL: reuses until the TTL passes, then loads again (fake clock)', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now });
    const source = counter((n) => ({ value: `v${n}`, ttlMs: 300_000 }));
    expect(await cache.get('k', source.load)).toBe('v1');
    clock.advance(299_999);
    expect(await cache.get('k', source.load)).toBe('v1');
    clock.advance(1);
    expect(await cache.get('k', source.load)).toBe('v2');
    expect(source.runs).toBe(2);
  });

  it('TTL 0 keeps nothing', async () => {
    const cache = new CredentialCache<string>();
    const source = counter((n) => ({ value: `v${n}`, ttlMs: 0 }));
    await cache.get('k', source.load);
    await cache.get('k', source.load);
    expect(source.runs).toBe(2);
  });

  it('failures are not cached', async () => {
    const cache = new CredentialCache<string>();
    let runs = 0;
    const load = async () => {
      runs++;
      if (runs === 1) throw new Error('boom');
      return { value: 'ok', ttlMs: 1000 };
    };
    await expect(cache.get('k', load)).rejects.toThrow('boom');
    expect(await cache.get('k', load)).toBe('ok');
  });

  it('invalidate drops the value, and a load already running is not stored', async () => {
    const cache = new CredentialCache<string>();
    const source = counter((n) => ({ value: `v${n}`, ttlMs: 60_000 }));
    await cache.get('k', source.load);
    cache.invalidate('k');
    expect(await cache.get('k', source.load)).toBe('v2');

    let releaseSlow: (() => void) | undefined;
    const slow = cache.get('k2', async () => {
      await new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      return { value: 'stale', ttlMs: 60_000 };
    });
    cache.invalidate('k2');
    releaseSlow?.();
    expect(await slow).toBe('stale');
    expect(cache.peek('k2')).toBeUndefined();
  });

  it('refresh-ahead: inside the window returns the current value and starts exactly one background load', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now });
    const expiry = (n: number) => clock.now() + 60 * 60_000 + n;
    let runs = 0;
    let release: (() => void) | undefined;
    const load = async () => {
      runs++;
      if (runs > 1) await new Promise<void>((resolve) => (release = resolve));
      return { value: `v${runs}`, expiresAt: expiry(runs) };
    };
    expect(await cache.get('k', load)).toBe('v1');
    clock.advance(56 * 60_000); // 4 minutes before expiry: inside the 5-minute window
    expect(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)])).toEqual([
      'v1',
      'v1',
      'v1',
    ]);
    expect(runs).toBe(2);
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.get('k', load)).toBe('v2');
  });

  it('never hands out a value at or past expiry (minus the margin): callers wait for a fresh one', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now, expiryMarginMs: 10_000 });
    const source = counter((n) => ({ value: `v${n}`, expiresAt: clock.now() + 60 * 60_000 }));
    await cache.get('k', source.load);
    clock.advance(60 * 60_000 - 10_000);
    expect(await cache.get('k', source.load)).toBe('v2');
  });

  it('short-lived credentials (4 min) load at most once per half-life, not on every call', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now });
    const source = counter((n) => ({ value: `v${n}`, expiresAt: clock.now() + 4 * 60_000 }));
    for (let i = 0; i < 1000; i++) {
      await cache.get('k', source.load);
      clock.advance(120); // 1000 calls over 2 minutes
      await Promise.resolve();
    }
    expect(source.runs).toBeLessThanOrEqual(2);
  });

  it('reuseUntilOf stops a front memo at the refresh window, so refresh-ahead still triggers', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now });
    const entry = await cache.getEntry('k', async () => ({ value: 'v', expiresAt: clock.now() + 60 * 60_000 }));
    expect(reuseUntilOf(entry)).toBe(clock.now() + 55 * 60_000);
    const ttlEntry = await cache.getEntry('t', async () => ({ value: 'v', ttlMs: 1000 }));
    expect(reuseUntilOf(ttlEntry)).toBe(clock.now() + 1000);
  });

  it('a load that returns already-expired credentials is CREDENTIALS_EXPIRED', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now });
    const error = await cache
      .get('k', async () => ({ value: 'x', expiresAt: clock.now() - 1 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialHelperError);
    expect((error as CredentialHelperError).code).toBe('CREDENTIALS_EXPIRED');
  });

  it('validates its options at construction', () => {
    expect(() => new CredentialCache({ refreshWindowMs: -5 })).toThrow(
      'expected `refreshWindowMs` to be a non-negative integer, got -5',
    );
  });
});
