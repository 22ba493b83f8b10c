import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messageLength } from '../../src/store/dbus-wire.js';
import { writeAuthFile } from '../support/auth-file.js';
import { CLI, cliHome, collectOutput } from '../support/cli.js';
import {
  AUTH_OK,
  booleanVariantBody,
  type HostileBus,
  replyMessage,
  startHostileBus,
  stringBody,
} from '../support/hostile-bus.js';
import { isolateTests } from '../support/isolation.js';
import { processesWith } from '../support/processes.js';

// A session bus that answers credhelper's probe (AUTH, Hello, ReadAlias, Locked: an unlocked
// keyring), then stalls every later connection, the keychain binding's, at AUTH. libdbus waits for
// it in `poll()` on the thread that calls it, for ever: before the binding ran in a child process,
// that was the CLI's main thread (no timer fired, SIGTERM did nothing; only SIGKILL ended it).

isolateTests();
vi.setConfig({ testTimeout: 60_000 });

const TOKEN = 'sk-ant-test-stalled-bus-0001';

/** Answers the probe's connection like an unlocked GNOME Keyring; every later one gets nothing. */
function probeThenStall(): (socket: Socket) => void {
  let connections = 0;
  return (socket) => {
    connections++;
    if (connections > 1) return; // the binding's connection: no AUTH answer, ever
    socket.write(AUTH_OK);
    let buffered = Buffer.alloc(0);
    let calls = 0;
    let begun = false;
    const answers = [
      () => replyMessage(2, 1, 's', stringBody(':1.1')),
      () => replyMessage(2, 2, 'o', stringBody('/org/freedesktop/secrets/collection/login')),
      () => replyMessage(2, 3, 'v', booleanVariantBody(false)),
    ];
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!begun) {
        const begin = buffered.indexOf('BEGIN\r\n');
        if (begin < 0) return;
        begun = true;
        buffered = buffered.subarray(begin + 7);
      }
      for (let length = messageLength(buffered); length !== undefined; length = messageLength(buffered)) {
        buffered = buffered.subarray(length);
        socket.write(answers[calls++]?.() ?? Buffer.alloc(0));
      }
    });
  };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI; SIGTERM after `termAfterMs` when given; SIGKILL after 20 s (a hang is a failure, not a stuck test). */
function run(
  args: string[],
  env: Record<string, string>,
  termAfterMs?: number,
): Promise<Run & { termToExitMs?: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let termedAt: number | undefined;
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      cwd: env.HOME,
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    const output = collectOutput(child);
    const term =
      termAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            termedAt = Date.now();
            child.kill('SIGTERM');
          }, termAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(term);
      const now = Date.now();
      resolve({
        code,
        signal,
        stdout: output.stdout(),
        stderr: output.stderr(),
        ms: now - started,
        ...(termedAt === undefined ? {} : { termToExitMs: now - termedAt }),
      });
    });
  });
}

let bus: HostileBus | undefined;
afterEach(async () => {
  await bus?.stop();
  bus = undefined;
});

/** A HOME whose auth.json keeps the anthropic token in the keychain (the item is never reached). */
async function stalledHome(): Promise<Record<string, string>> {
  bus = await startHostileBus(probeThenStall());
  const file = writeAuthFile({
    anthropic: { type: 'token', keychain: { service: 'credhelper', account: 'anthropic@0123abcd' } },
  });
  return cliHome({ DBUS_SESSION_BUS_ADDRESS: bus.address, CREDHELPER_AUTH_FILE: file }).env;
}

describe('a session bus that answers the probe, then stalls the keychain binding', () => {
  it('status --json: the keychain did not answer, within the probe time (it hung until SIGKILL)', async () => {
    const env = await stalledHome();
    const status = await run(['status', '--json'], { ...env, CREDHELPER_KEYCHAIN_TIMEOUT_MS: '1500' });
    expect(status.signal, 'status hung').toBeNull();
    expect(status.ms).toBeLessThan(2000 + 1500 + 3000);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).store.keychain).toMatchObject({ available: false, writable: false });
    expect(bus?.connections()).toBeGreaterThan(1); // the binding was asked (and stalled)
  });

  it('get anthropic (the token lives in the keychain): KEYCHAIN_UNAVAILABLE naming the entry, no secret, in time', async () => {
    const env = await stalledHome();
    const get = await run(['get', 'anthropic', '--json'], { ...env, CREDHELPER_KEYCHAIN_TIMEOUT_MS: '1500' });
    expect(get.signal, 'get hung').toBeNull();
    expect(get.ms).toBeLessThan(1500 + 2000 + 3000);
    expect(get.code).not.toBe(0);
    expect(get.stdout).toBe('');
    expect(get.stderr).toMatch(/KEYCHAIN_UNAVAILABLE|did not answer/);
    expect(get.stderr).toContain('anthropic');
    expect(get.stderr).not.toContain(TOKEN);
  });

  it.each([['status'], ['get', 'anthropic']])(
    'SIGTERM while `%s` waits for the keychain: exits 143 at once',
    async (...args) => {
      const token = `credhelper-stalled-bus-${process.pid}-${args.length}`;
      const env = { ...(await stalledHome()), CREDHELPER_TEST_LEFTOVER: token };
      const done = await run(args, env, 1000);
      expect(processesWith(token), 'the keychain child outlived the CLI').toEqual([]);
      expect(done.signal, 'SIGTERM did nothing').toBeNull();
      expect(done.code).toBe(143);
      expect(done.termToExitMs).toBeLessThan(1000);
    },
  );
});
