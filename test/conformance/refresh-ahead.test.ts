import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// A steady caller never waits for apiKeyHelper after its first run: in the second half of the TTL
// (the last minute, for TTLs of 2 minutes or more) a call returns the cached key and the next key
// is fetched in the background.

isolateTests();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An apiKeyHelper that takes 150 ms (so that a call that waits for it shows) and counts its runs. */
function slowHelper(): { command: string; count: string } {
  const dir = scratchDir();
  const count = join(dir, 'count');
  const command = join(dir, 'vend.sh');
  writeFileSync(
    command,
    `#!/bin/sh\nsleep 0.15\necho run >> "${count}"\necho "sk-ant-test-ahead-$(wc -l < "${count}" | tr -d ' ')"\n`,
    { mode: 0o755 },
  );
  return { command, count };
}

describe('refresh-ahead of apiKeyHelper keys', () => {
  it('1 s TTL, a call every 300 ms: only the first call waits for the helper; keys rotate in the background', async () => {
    const { command, count } = slowHelper();
    const creds = createCredentialHelper({
      env: cleanEnv(),
      apiKeyHelperTtlMs: 1_000,
      settings: { apiKeyHelper: command },
    });
    const waits: number[] = [];
    const keys = new Set<string>();
    for (let call = 0; call < 14; call++) {
      const started = performance.now();
      keys.add((await creds.anthropic()).value);
      waits.push(performance.now() - started);
      await sleep(300);
    }
    expect(waits[0]).toBeGreaterThanOrEqual(140); // the cold call runs the helper
    // Every later call is served from the cache (a helper run takes 150 ms).
    expect(Math.max(...waits.slice(1))).toBeLessThan(50);
    // ... and the key did change: the helper ran ahead, in the background, about twice a second.
    expect(keys.size).toBeGreaterThanOrEqual(4);
    expect(runCount(count)).toBeLessThanOrEqual(12);
  });
});
