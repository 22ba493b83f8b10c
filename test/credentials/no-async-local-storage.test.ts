import { AsyncLocalStorage } from 'node:async_hooks';
import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// On Node 20 an AsyncLocalStorage that has run once makes every later `await` of the whole process
// ~3× slower (measured: 2 million awaits, 77 → 243 ms). A library must not impose that on its host
// for calls that cannot be cancelled: only a call with a signal or timeoutMs may use one.

isolateTests();
const originalRun = AsyncLocalStorage.prototype.run;
let runs = 0;
afterEach(() => {
  AsyncLocalStorage.prototype.run = originalRun;
});

function countRuns(): void {
  runs = 0;
  AsyncLocalStorage.prototype.run = function counted(this: AsyncLocalStorage<unknown>, ...args: never[]) {
    runs++;
    return (originalRun as (...a: never[]) => unknown).apply(this, args);
  } as typeof originalRun;
}

function helperCreds() {
  return createCredentialHelper({
    env: { PATH: process.env.PATH },
    settings: { apiKeyHelper: fixture('print-key.sh') },
    authFile: false,
  });
}

describe('AsyncLocalStorage only for cancellable calls', () => {
  it('anthropic() without a signal runs the helper with no AsyncLocalStorage', async () => {
    countRuns();
    await helperCreds().anthropic();
    expect(runs).toBe(0);
  });

  it('anthropic({ timeoutMs }) uses one, so its helper can be stopped (the check can fail)', async () => {
    countRuns();
    await helperCreds().anthropic({ timeoutMs: 10_000 });
    expect(runs).toBeGreaterThan(0);
  });
});
