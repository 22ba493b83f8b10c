import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withProcessLock } from '../../src/cache/process-lock.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22 review (periods on a monotonic clock): the wait for a held lock ended at a wall-clock
// deadline, so a clock moved back an hour during the wait made a process wait that hour (for a
// helper run of another process: every agent starting at once would hang).

isolateTests();
afterEach(() => {
  vi.restoreAllMocks();
});

describe('withProcessLock and a wall clock moved back', () => {
  it('gives up waiting after timeoutMs of monotonic time, though Date.now() went back 1 h', async () => {
    const lock = join(scratchDir(), 'entry.lock');
    // Held by a live process (this one, as another process would be): never reclaimed.
    const startTime = readFileSync('/proc/self/stat', 'utf8');
    const fields = startTime.slice(startTime.lastIndexOf(')') + 2).split(' ');
    writeFileSync(lock, `${process.pid} ${fields[19]}\n`, { mode: 0o600 });
    const realNow = Date.now.bind(Date);
    const start = realNow();
    let calls = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (calls++ === 0 ? start : realNow() - 3_600_000));
    const outcome = await Promise.race([
      withProcessLock(lock, 200, async () => 'ran unlocked'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3_000)),
    ]);
    expect(outcome).toBe('ran unlocked');
  });
});
