import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22 review (reuse periods on a monotonic clock): the refresh cooldown compared wall-clock
// times, so moving the clock back an hour after an awsAuthRefresh run held every refresh off for
// that hour plus the cooldown (each failing call got "not run again within its cooldown").

isolateTests();
afterEach(() => {
  vi.restoreAllMocks();
});

function refreshWorld() {
  const dir = scratchDir();
  const count = join(dir, 'count');
  const command = join(dir, 'refresh.sh');
  writeFileSync(command, `#!/bin/sh\necho run >> "${count}"\n`, { mode: 0o755 });
  const creds = createCredentialHelper({
    env: useAwsEnv(),
    refreshCooldownMs: 300,
    settings: { awsCredentialExport: fixture('exit-3.sh'), awsAuthRefresh: command },
    onRefreshOutput: () => {},
  });
  return { creds, runs: () => runCount(count) };
}

/** The wall clock moved back 1 h; `elapsedMs` of real (monotonic) time passed since now. */
function clockMovedBack(elapsedMs: number): void {
  const wall = Date.now();
  const mono = performance.now();
  vi.spyOn(Date, 'now').mockReturnValue(wall - 3_600_000 + elapsedMs);
  vi.spyOn(performance, 'now').mockReturnValue(mono + elapsedMs);
}

describe('the refresh cooldown and a wall clock moved back', () => {
  it('ends after refreshCooldownMs of monotonic time, though the wall clock went back 1 h', async () => {
    const { creds, runs } = refreshWorld();
    await creds.bedrock().catch(() => undefined);
    expect(runs()).toBe(1);
    clockMovedBack(400);
    creds.invalidate(); // the failure window would hand out the last error again
    await creds.bedrock().catch(() => undefined);
    expect(runs()).toBe(2);
  });

  it('still holds within refreshCooldownMs of monotonic time (control)', async () => {
    const { creds, runs } = refreshWorld();
    await creds.bedrock().catch(() => undefined);
    clockMovedBack(100);
    creds.invalidate();
    const error = await creds.bedrock().catch((e: unknown) => e);
    expect(String(error)).toContain('cooldown');
    expect(runs()).toBe(1);
  });
});
