import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { RefreshFailureLog } from '../../src/cache/refresh-failure-log.js';
import { cleanEnv, fakeClock, runCount, scratchDir, waitFor } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22 review: the failed-refresh records that `credhelper status` shows were kept per source
// name (`helper:apiKeyHelper`), not per cache entry. Two processes whose apiKeyHelper entries
// differ (another TENANT: another identity) then shared one record: the second failure replaced the
// first, and a successful refresh of one identity erased the other's failure, so `status` said all
// was well while an agent's key was about to run out.

isolateTests();

const TTL_MS = 5 * 60_000;

function world() {
  const dir = scratchDir();
  const cacheDir = join(dir, 'cache');
  mkdirSync(cacheDir, { mode: 0o700 });
  const script = join(dir, 'vend.sh');
  writeFileSync(
    script,
    `#!/bin/sh\necho run >> "${dir}/count-$TENANT"\nif [ -e "${dir}/fail-$TENANT" ]; then echo "vault sealed" >&2; exit 3; fi\necho "sk-ant-test-tenant-$TENANT"\n`,
    { mode: 0o755 },
  );
  const tenant = (name: string) => {
    const clock = fakeClock(Date.now());
    const creds = createCredentialHelper({
      env: cleanEnv({ TENANT: name }),
      now: clock.now,
      settings: { apiKeyHelper: script },
      apiKeyHelperTtlMs: TTL_MS,
      authFile: false,
      sharedCache: cacheDir,
      onDiagnostic: () => undefined,
    });
    return {
      creds,
      clock,
      runs: () => runCount(join(dir, `count-${name}`)),
      fail: () => writeFileSync(join(dir, `fail-${name}`), ''),
      heal: () => rmSync(join(dir, `fail-${name}`)),
    };
  };
  const log = new RefreshFailureLog(cacheDir);
  let failures: Awaited<ReturnType<RefreshFailureLog['current']>> = [];
  const failuresBecome = async (count: number, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      failures = await log.current(Date.now());
      if (failures.length === count || Date.now() > deadline) return failures.length;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { tenant, failuresBecome, failures: () => failures };
}

/** Moves `process` into the last minute of its key's TTL and calls it: one background refresh. */
async function refreshInBackground(process: {
  creds: { anthropic(): Promise<unknown> };
  clock: { advance(ms: number): void };
  runs(): number;
}) {
  process.clock.advance(TTL_MS - 30_000);
  await process.creds.anthropic(); // the key in use, and a refresh in the background
  expect(await waitFor(() => process.runs() === 2)).toBe(true);
}

describe('failed background refreshes are recorded per cache entry (identity), not per source name', () => {
  it('two identities whose refreshes fail keep two records (neither replaces the other)', async () => {
    const { tenant, failuresBecome, failures } = world();
    const a = tenant('a');
    const b = tenant('b');
    for (const process of [a, b]) await process.creds.anthropic();
    a.fail();
    b.fail();
    for (const process of [a, b]) await refreshInBackground(process);
    expect(await failuresBecome(2)).toBe(2);
    expect(failures().map((failure) => [failure.source, failure.code])).toEqual([
      ['helper:apiKeyHelper', 'HELPER_EXIT'],
      ['helper:apiKeyHelper', 'HELPER_EXIT'],
    ]);
  });

  it("another identity's successful refresh leaves the failure in place; the entry's own success clears it", async () => {
    const { tenant, failuresBecome } = world();
    const a = tenant('a');
    const c = tenant('c');
    for (const process of [a, c]) await process.creds.anthropic();
    a.fail();
    await refreshInBackground(a);
    expect(await failuresBecome(1)).toBe(1);

    await refreshInBackground(c);
    expect(await failuresBecome(0, 1000)).toBe(1); // still a's failure: c's success says nothing about a

    // A second process of a's identity (same variables, same shared cache) refreshes: a's record goes.
    a.heal();
    const again = tenant('a');
    await again.creds.anthropic(); // a's entry, from the shared cache (no run)
    expect(again.runs()).toBe(2);
    again.clock.advance(TTL_MS - 30_000);
    await again.creds.anthropic();
    expect(await failuresBecome(0)).toBe(0);
  });
});

describe('RefreshFailureLog keeps one record per identity only while it matters', () => {
  it('a record whose value ran out is dropped when another is written (records do not pile up)', async () => {
    const dir = join(scratchDir(), 'cache');
    mkdirSync(dir, { mode: 0o700 });
    const log = new RefreshFailureLog(dir);
    const now = Date.now();
    const failure = (usableUntil: number) => ({
      source: 'helper:apiKeyHelper',
      code: 'HELPER_EXIT',
      message: 'exit 3',
      at: now,
      usableUntil,
    });
    await log.record(failure(now - 1), 'helper:apiKeyHelper\0gone');
    await log.record(failure(now + 60_000), 'helper:apiKeyHelper\0live');
    await log.record(failure(now + 60_000), 'helper:apiKeyHelper\0other');
    const stored = JSON.parse(readFileSync(log.path, 'utf8')) as { failures: Record<string, unknown> };
    expect(Object.keys(stored.failures).sort()).toEqual(['helper:apiKeyHelper\0live', 'helper:apiKeyHelper\0other']);
    expect(await log.current(now)).toHaveLength(2);
  });
});
