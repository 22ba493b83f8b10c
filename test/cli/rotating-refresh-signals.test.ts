import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliHome, collectOutput, userSettings } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { startRotatingTokenEndpoint, storePathIn, writeExpiredOAuthEntry } from '../support/rotating-token-endpoint.js';
import { secretServiceInstalled, useSecretService } from '../support/secret-service.js';

// A stored OAuth entry whose endpoint rotates refresh tokens: once the endpoint has the request,
// the old refresh token is dead, so a process stopped before it stored the answer would make the
// user log in again. SIGINT, SIGTERM and SIGHUP that arrive in that window wait for the write,
// then end the process as they would have (the CLI: 128 + n; a library host without handlers:
// killed by the signal). The endpoint answers 400 ms late; the signal is sent when it has the request.

const { track } = isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
const FIRST_REFRESH = 'test-refresh-rotating-0001';
const RESOLVE = fileURLToPath(new URL('../fixtures/resolve-provider.mjs', import.meta.url));
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const storePath = storePathIn;

function writeExpiredEntry(home: string): void {
  writeExpiredOAuthEntry(home, FIRST_REFRESH);
}

/** Runs `args` with node, sends `signal` when the endpoint has the request; the exit code and signal. */
function signalledRun(
  args: string[],
  env: Record<string, string>,
  arrived: Promise<void>,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, args, {
    env,
    cwd: env.HOME,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  const output = collectOutput(child);
  void arrived.then(() => child.kill(signal));
  return new Promise((resolve) =>
    child.on('close', (code, got) => resolve({ code, signal: got, stdout: output.stdout(), stderr: output.stderr() })),
  );
}

describe.each(['file', 'keychain'] as const)('a rotated refresh token on the %s backend', (kind) => {
  const service = kind === 'keychain' && installed ? useSecretService() : undefined;

  async function setup() {
    const endpoint = track(await startRotatingTokenEndpoint(FIRST_REFRESH, 400));
    const { home, env: base } = cliHome(
      service === undefined ? {} : { DBUS_SESSION_BUS_ADDRESS: service.env().DBUS_SESSION_BUS_ADDRESS as string },
    );
    userSettings(home, { oauth: { openrouter: { tokenUrl: endpoint.tokenUrl, body: 'form' } } });
    writeExpiredEntry(home);
    if (kind === 'keychain') {
      const migrated = cli(['store', 'migrate', '--to', 'keychain'], { env: base });
      expect(migrated.code, migrated.stderr).toBe(0);
    }
    /** The refresh token stored now, wherever the entry lives. */
    const storedRefresh = (): string | undefined => {
      const entry = JSON.parse(readFileSync(storePath(home), 'utf8')).openrouter;
      if (kind === 'file') return entry.refresh;
      const found = service
        ?.current()
        .secretTool('lookup', 'service', 'credhelper', 'username', entry.keychain.account);
      return found?.code === 0 ? JSON.parse(found.stdout).refresh : undefined;
    };
    return { endpoint, home, env: base, storedRefresh };
  }

  it.skipIf(kind === 'keychain' && !installed).each(SIGNALS)(
    'credhelper get, %s while the endpoint answers: the new refresh token is stored, then 128 + n',
    async (signal) => {
      const { endpoint, env, storedRefresh } = await setup();
      const run = await signalledRun([CLI, 'get', 'openrouter'], env, endpoint.nextRequest(), signal);
      expect(run.code, run.stderr).toBe(128 + constants.signals[signal]);
      expect(endpoint.rotations()).toBe(1);
      expect(storedRefresh()).toBe(endpoint.validRefresh());
      expect(storedRefresh()).not.toBe(FIRST_REFRESH);
      // No new login needed: the next run refreshes with the stored token (or uses the new access token).
      const again = cli(['get', 'openrouter'], { env });
      expect(again.code, again.stderr).toBe(0);
      expect(run.stdout + run.stderr + again.stderr).not.toMatch(/test-refresh-/);
    },
  );

  it.skipIf(kind === 'keychain' && !installed)(
    'a library host without signal handlers: SIGTERM in the window waits for the write, then kills it as before',
    async () => {
      const { endpoint, home, env, storedRefresh } = await setup();
      const run = await signalledRun(
        [RESOLVE],
        { ...env, PROVIDER: 'openrouter', TOKEN_URL: endpoint.tokenUrl, CREDHELPER_AUTH_FILE: storePath(home) },
        endpoint.nextRequest(),
        'SIGTERM',
      );
      expect(run.signal, run.stderr).toBe('SIGTERM');
      expect(endpoint.rotations()).toBe(1);
      expect(storedRefresh()).toBe(endpoint.validRefresh());
    },
  );

  it.skipIf(kind === 'keychain' && !installed)(
    'a library host with its own SIGTERM handler that awaits heldWritesSettled() keeps the new token (one that exits at once loses it)',
    async () => {
      for (const [mode, kept] of [
        ['wait', true],
        ['exit', false],
      ] as const) {
        const { endpoint, home, env, storedRefresh } = await setup();
        const run = await signalledRun(
          [RESOLVE],
          {
            ...env,
            PROVIDER: 'openrouter',
            TOKEN_URL: endpoint.tokenUrl,
            CREDHELPER_AUTH_FILE: storePath(home),
            OWN_SIGTERM: mode,
          },
          endpoint.nextRequest(),
          'SIGTERM',
        );
        expect(run.code, run.stderr).toBe(0); // the host's own handler decided how it ends
        if (kept) expect(endpoint.rotations()).toBe(1);
        expect(storedRefresh() === endpoint.validRefresh(), mode).toBe(kept);
      }
    },
  );

  it.skipIf(kind === 'keychain' && !installed)(
    'credhelper get, SIGINT while the endpoint answers and again once it has answered (the write under way): the new token is stored, then 130',
    async () => {
      const { endpoint, env, storedRefresh } = await setup();
      const answered = endpoint.nextAnswer();
      const second = answered.then(() => new Promise((resolve) => setTimeout(resolve, 20)));
      const child = spawn(process.execPath, [CLI, 'get', 'openrouter'], {
        env,
        cwd: env.HOME,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const { stderr } = collectOutput(child);
      void endpoint.nextRequest().then(() => child.kill('SIGINT'));
      void second.then(() => child.kill('SIGINT')); // the keychain write runs in a child process now
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stderr()).toBe(130);
      expect(storedRefresh()).toBe(endpoint.validRefresh());
      expect(stderr()).not.toMatch(/test-refresh-/);
    },
  );
});
