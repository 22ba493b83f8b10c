import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../src/internal.js';
import { fakeClock } from '../support/fixtures.js';

describe('CredentialCache ttlRefreshAheadMs (refresh-ahead of TTL values)', () => {
  function source() {
    let runs = 0;
    return {
      get runs() {
        return runs;
      },
      load: async () => {
        runs++;
        return { value: `v${runs}`, ttlMs: 300_000 };
      },
    };
  }

  it('a call in the last ttlRefreshAheadMs returns the value and loads the next one in the background', async () => {
    const clock = fakeClock();
    const cache = new CredentialCache<string>({ now: clock.now, ttlRefreshAheadMs: 60_000 });
    const s = source();
    expect(await cache.get('k', s.load)).toBe('v1');
    clock.advance(239_999);
    expect(await cache.get('k', s.load)).toBe('v1');
    expect(s.runs).toBe(1);
    clock.advance(1);
    expect(await cache.get('k', s.load)).toBe('v1'); // served at once
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.runs).toBe(2);
    expect(await cache.get('k', s.load)).toBe('v2');
  });

  it('a short TTL refreshes ahead in its second half; off by default', async () => {
    const clock = fakeClock();
    const ahead = new CredentialCache<string>({ now: clock.now, ttlRefreshAheadMs: 60_000 });
    const plain = new CredentialCache<string>({ now: clock.now });
    let a = 0;
    let p = 0;
    const loadA = async () => ({ value: `a${++a}`, ttlMs: 1_000 });
    const loadP = async () => ({ value: `p${++p}`, ttlMs: 1_000 });
    await ahead.get('k', loadA);
    await plain.get('k', loadP);
    clock.advance(499);
    await ahead.get('k', loadA);
    expect(a).toBe(1);
    clock.advance(1);
    await ahead.get('k', loadA);
    await plain.get('k', loadP);
    await new Promise((resolve) => setImmediate(resolve));
    expect(a).toBe(2);
    expect(p).toBe(1);
  });
});
