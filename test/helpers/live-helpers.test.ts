// No helper outlives the process that started it, and the library changes nothing about how its
// host dies: no signal handlers, only an `exit` hook that SIGKILLs live helper groups.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { liveHelperCount, stopLiveHelpers } from '../../src/helpers/live-helpers.js';
import { runHelper } from '../../src/index.js';
import { fixture, removeScratchDirs, waitFor } from '../support/fixtures.js';
import { processesWith } from '../support/processes.js';

afterEach(removeScratchDirs);

const HANG = fixture('faults/hang-with-grandchildren.sh');

/** A node process that embeds the library, starts HANG as its apiKeyHelper, then exits `how`. */
async function embedAndExit(how: 'exit' | 'throw'): Promise<{ token: string; seen: number; code: number | null }> {
  const token = `EMBED_${randomBytes(6).toString('hex')}`;
  const child = spawn(process.execPath, [fixture('embed-hanging-helper.mjs')], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HELPER: HANG,
      FAULT_TOKEN: token,
      CANARY: 'sk-ant-test-embed-canary-0001',
      EXIT_HOW: how,
      EXIT_AFTER_MS: '1500',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // The helper's leader, two `sh -c` grandchildren and their `sleep`s run before the host exits.
  let seen = 0;
  await waitFor(() => {
    seen = Math.max(seen, processesWith(token).filter((pid) => pid !== child.pid).length);
    return seen >= 5;
  }, 10_000);
  return { token, seen, code: await closed };
}

describe('a host process that exits while a helper runs', () => {
  it.each(['exit', 'throw'] as const)(
    'the host exits (%s: process.exit() or an uncaught exception): every process of the helper group is killed at once',
    async (how) => {
      const { token, seen, code } = await embedAndExit(how);
      expect(seen).toBeGreaterThanOrEqual(5);
      expect(code).toBe(how === 'exit' ? 0 : 1);
      expect(await waitFor(() => processesWith(token).length === 0, 3_000)).toBe(true);
    },
  );
});

describe('the library installs no signal handler', () => {
  it('running a helper adds no SIGINT/SIGTERM/SIGHUP listener (that would stop its host from dying of them)', async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const before = signals.map((signal) => process.listenerCount(signal));
    const running = runHelper(HANG, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: 60_000 }).catch(
      () => undefined,
    );
    await waitFor(() => liveHelperCount() > 0);
    expect(signals.map((signal) => process.listenerCount(signal))).toEqual(before);
    await stopLiveHelpers('the test is done', 5_000);
    await running;
  });
});

describe('stopLiveHelpers (what the CLI calls on a signal)', () => {
  it('stops every running helper: HELPER_ABORTED with the reason, nothing left, registry empty', async () => {
    const token = `STOP_${randomBytes(6).toString('hex')}`;
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', FAULT_TOKEN: token, CANARY: 'x' };
    const runs = [1, 2].map(() => runHelper(HANG, { setting: 'apiKeyHelper', env, timeoutMs: 60_000 }));
    const failures = runs.map((run) =>
      run.then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(await waitFor(() => processesWith(token).length >= 10, 10_000)).toBe(true);
    const started = performance.now();
    await stopLiveHelpers('credhelper received SIGTERM', 5_000);
    expect(performance.now() - started).toBeLessThan(4_000);
    for (const error of await Promise.all(failures)) {
      expect(error).toMatchObject({ code: 'HELPER_ABORTED' });
      expect(String((error as Error).message)).toContain(
        'apiKeyHelper was stopped because credhelper received SIGTERM',
      );
    }
    expect(liveHelperCount()).toBe(0);
    expect(await waitFor(() => processesWith(token).length === 0, 3_000)).toBe(true);
  });

  it('a helper that finished normally leaves the registry', async () => {
    await runHelper('echo sk-ant-test-done-0001', { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    expect(liveHelperCount()).toBe(0);
  });
});
