import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fakeClock, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

/** A refresh command that counts its runs and fixes nothing. */
function uselessRefresh(): { command: string; count: string } {
  const dir = scratchDir();
  const count = join(dir, 'count');
  const command = join(dir, 'refresh.sh');
  writeFileSync(command, `#!/bin/sh\necho run >> "${count}"\n`, { mode: 0o755 });
  return { command, count };
}

describe('refresh cooldown (refreshCooldownMs), in one process', () => {
  it('a failing call within 30 s of the last awsAuthRefresh gets the error, its code and the time of that run', async () => {
    const clock = fakeClock();
    const { command, count } = uselessRefresh();
    const creds = createCredentialHelper({
      env: useAwsEnv(),
      now: clock.now,
      settings: { awsCredentialExport: fixture('exit-3.sh'), awsAuthRefresh: command },
      onRefreshOutput: () => {},
    });
    const first = await creds.bedrock().catch((e: unknown) => e);
    expect(isCredentialHelperError(first) && first.code).toBe('HELPER_EXIT');
    expect(runCount(count)).toBe(1);
    clock.advance(29_999);
    const second = await creds.bedrock().catch((e: unknown) => e);
    expect(runCount(count)).toBe(1);
    expect(isCredentialHelperError(second) && second.code).toBe('HELPER_EXIT');
    expect(isCredentialHelperError(second) && second.details.lastRefreshAt).toBe(
      new Date(clock.now() - 29_999).toISOString(),
    );
    expect(String(second)).toContain('exited with code 3');
    expect(String(second)).toContain('awsAuthRefresh last ran at');
    clock.advance(1);
    creds.invalidate(); // the 5 s failure window (FAILURE_WINDOW_MS) would hand out the last error again
    await creds.bedrock().catch(() => undefined);
    expect(runCount(count)).toBe(2);
  });

  it('refreshCooldownMs: 0 runs it on every failing call; a bad value is INVALID_OPTION', async () => {
    const { command, count } = uselessRefresh();
    const creds = createCredentialHelper({
      env: useAwsEnv(),
      refreshCooldownMs: 0,
      settings: { awsCredentialExport: fixture('exit-3.sh'), awsAuthRefresh: command },
      onRefreshOutput: () => {},
    });
    await creds.bedrock().catch(() => undefined);
    creds.invalidate(); // the 5 s failure window (FAILURE_WINDOW_MS) would hand out the last error again
    await creds.bedrock().catch(() => undefined);
    expect(runCount(count)).toBe(2);
    expect(() => createCredentialHelper({ refreshCooldownMs: -1 })).toThrow(/refreshCooldownMs/);
  });
});
