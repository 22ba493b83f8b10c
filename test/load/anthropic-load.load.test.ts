// Load: 100 000 concurrent cold anthropic() calls in one process run the helper once, in bounded
// memory; 1 000 000 warm calls keep a flat heap. Runs in the `load` project (after the rest, alone,
// with --expose-gc). The figures are printed for bench/results.md's readers; the bounds are loose
// enough for a loaded 2-core machine and tight enough to catch a leak or a per-call spawn.
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

const KEY = 'sk-ant-test-run-1';
const MiB = 1024 * 1024;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (the load project does)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('anthropic() under load', () => {
  it('100 000 concurrent cold calls: one helper run, every caller gets the key, heap back to baseline', async () => {
    const count = join(scratchDir(), 'count');
    const creds = createCredentialHelper({
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', COUNT_FILE: count, SLEEP_S: '0.2' },
      settings: { apiKeyHelper: fixture('count-runs.sh') },
    });
    const baseline = heapAfterGc();
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    const started = performance.now();
    const calls = new Array<Promise<{ value: string }>>(100_000);
    for (let i = 0; i < calls.length; i++) calls[i] = creds.anthropic();
    const results = await Promise.all(calls);
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);

    expect(runCount(count)).toBe(1);
    expect(results.every((r) => r.value === KEY)).toBe(true);
    calls.length = 0;
    results.length = 0;
    const after = heapAfterGc();
    console.log(
      `100 000 cold: ${elapsedMs.toFixed(0)} ms, helper runs 1, peak heap +${((peak - baseline) / MiB).toFixed(1)} MiB, after GC +${((after - baseline) / MiB).toFixed(2)} MiB`,
    );
    // Each pending call holds a promise and a closure (~hundreds of bytes): tens of MiB at the peak.
    expect(peak - baseline).toBeLessThan(200 * MiB);
    expect(after - baseline).toBeLessThan(4 * MiB);
    expect(elapsedMs).toBeLessThan(15_000);
  }, 60_000);

  it('1 000 000 warm calls: the heap is flat (no per-call retention)', async () => {
    const count = join(scratchDir(), 'count');
    const creds = createCredentialHelper({
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', COUNT_FILE: count, SLEEP_S: '0.2' },
      settings: { apiKeyHelper: fixture('count-runs.sh') },
    });
    await creds.anthropic();
    // Warm up the JIT, then sample the heap after GC at every 100 000 calls.
    for (let i = 0; i < 100_000; i++) await creds.anthropic();
    const samples: number[] = [heapAfterGc()];
    const started = performance.now();
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 100_000; i++) await creds.anthropic();
      samples.push(heapAfterGc());
    }
    const elapsedMs = performance.now() - started;
    const growth = (samples.at(-1) as number) - (samples[0] as number);
    const spread = Math.max(...samples) - Math.min(...samples);
    console.log(
      `1 000 000 warm: ${elapsedMs.toFixed(0)} ms (${((elapsedMs * 1e6) / 1_000_000).toFixed(0)} ns/call), heap growth ${(growth / 1024).toFixed(0)} KiB, spread ${(spread / 1024).toFixed(0)} KiB`,
    );
    expect(runCount(count)).toBe(1);
    // A leak of even 8 bytes per call would be 8 MB here.
    expect(growth).toBeLessThan(1 * MiB);
    expect(spread).toBeLessThan(2 * MiB);
  }, 120_000);
});
