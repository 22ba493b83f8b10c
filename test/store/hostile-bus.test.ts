import { spawn, spawnSync } from 'node:child_process';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { unixSocketOf } from '../../src/store/dbus-call.js';
import { messageLength } from '../../src/store/dbus-wire.js';
import { defaultKeyringState } from '../../src/store/default-keyring-state.js';
import { CLI, cliAsync, cliHome } from '../support/cli.js';
import {
  AUTH_OK,
  booleanVariantBody,
  flood,
  type HostileBehaviour,
  type HostileBus,
  header,
  replyMessage,
  startHostileBus,
  stringBody,
} from '../support/hostile-bus.js';

// A session bus that is broken or hostile: closes, sends garbage, promises huge messages. The probe
// answers within its time, holds a bounded amount of memory, and never hands such a bus to the
// keychain binding (whose libdbus waits on the main thread, where no timer can stop it).

let bus: HostileBus | undefined;
afterEach(async () => {
  await bus?.stop();
  bus = undefined;
});

const behaviours: [string, HostileBehaviour][] = [
  ['closes before answering AUTH', (socket) => socket.end()],
  ['closes after AUTH OK, before the Hello reply', (socket) => socket.end(AUTH_OK)],
  ['closes in the middle of a reply', (socket) => socket.end(Buffer.concat([Buffer.from(AUTH_OK), header(2, 64, 8)]))],
  [
    'answers Hello with a header it cannot read (a signature that runs past the message)',
    (socket) => socket.write(Buffer.concat([Buffer.from(AUTH_OK), header(2, 0, 8, [5, 0xff, 0x75, 0, 1, 0, 0, 0])])),
  ],
  ['streams an AUTH line that never ends', (socket) => flood(socket, Buffer.alloc(64 * 1024, 0x41))],
  [
    'promises a 2 GiB reply and streams it',
    (socket) => {
      socket.write(Buffer.concat([Buffer.from(AUTH_OK), header(2, 0x7fffffff, 0)]));
      flood(socket, Buffer.alloc(64 * 1024));
    },
  ],
];

/** The bytes of the first answer of the test below (the Hello reply and the signals after it). */
function answersLength(): number {
  return Buffer.concat([replyMessage(2, 1), ...Array.from({ length: 5000 }, () => replyMessage(4, 0))]).length;
}

describe('a broken session bus', () => {
  it.each(behaviours)('%s: "broken" before the probe\'s time is up, not "unknown"', async (_name, behaviour) => {
    bus = await startHostileBus(behaviour);
    const started = Date.now();
    const state = await Promise.race([
      defaultKeyringState(bus.address, 2000),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000)),
    ]);
    expect(state).toBe('broken');
    expect(Date.now() - started).toBeLessThan(1900);
  });

  it('a bus that answers, after 120 KiB of small signals: read as it is (the cap is per message, not per read)', async () => {
    bus = await startHostileBus((socket) => {
      socket.write(AUTH_OK);
      let buffered = Buffer.alloc(0);
      let calls = 0;
      const answers = [
        () => Buffer.concat([replyMessage(2, 1), ...Array.from({ length: 5000 }, () => replyMessage(4, 0))]),
        () => replyMessage(2, 2, 'o', stringBody('/org/freedesktop/secrets/collection/login')),
        () => replyMessage(2, 3, 'v', booleanVariantBody(false)),
      ];
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const begin = buffered.indexOf('BEGIN\r\n');
        if (calls === 0 && begin >= 0) buffered = buffered.subarray(begin + 7);
        for (let length = messageLength(buffered); length !== undefined; length = messageLength(buffered)) {
          buffered = buffered.subarray(length);
          socket.write(answers[calls++]?.() ?? Buffer.alloc(0));
        }
      });
    });
    expect(answersLength()).toBeGreaterThan(100 * 1024);
    expect(await defaultKeyringState(bus.address, 2000)).toBe('unlocked');
  });

  it('a bus that rejects EXTERNAL (another user\'s bus), then waits: "refused" at once, not handed to the binding', async () => {
    bus = await startHostileBus((socket) => socket.write('REJECTED EXTERNAL DBUS_COOKIE_SHA1\r\n'));
    const started = Date.now();
    expect(await defaultKeyringState(bus.address, 2000)).toBe('refused');
    expect(Date.now() - started).toBeLessThan(1000);
    const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: bus.address });
    // SIGKILL on timeout: the binding's libdbus blocks the main thread, where SIGTERM's handler runs.
    const run = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'status', '--json'], {
        env,
        cwd: env.HOME,
        timeout: 15_000,
        killSignal: 'SIGKILL',
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.on('close', (code, signal) => resolve({ code, signal, stdout }));
    });
    expect(run.signal, 'status hung').toBeNull();
    expect(JSON.parse(run.stdout).store.keychain).toMatchObject({ available: false, writable: false });
    expect(JSON.parse(run.stdout).store.keychain.detail).toMatch(/refused/);
  });

  it('an address whose %-escapes are not valid names no socket (it threw URIError: exit 70)', async () => {
    for (const address of ['unix:path=%zz', 'unix:path=/tmp/bus%ff', 'unix:abstract=%']) {
      expect(unixSocketOf(address)).toBeUndefined();
      expect(await defaultKeyringState(address, 2000)).toBe('unknown');
    }
    expect(unixSocketOf('unix:path=%zz;unix:path=/run/x%20y')).toBe('/run/x y');
  });
});

describe('the CLI on a broken session bus', () => {
  it.each(behaviours.filter((_row, index) => index === 0 || index === 3))(
    'status --json %s: answers, keychain unavailable, auth.json for new secrets',
    async (_name, behaviour) => {
      bus = await startHostileBus(behaviour);
      const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: bus.address });
      const started = Date.now();
      const run = await cliAsync(['status', '--json'], { env, timeoutMs: 15_000 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run.code, run.stderr).toBe(0);
      const store = JSON.parse(run.stdout).store;
      expect(store).toMatchObject({ newSecrets: 'file', keychain: { available: false, writable: false } });
      expect(store.keychain.detail).toMatch(/D-Bus/);
      expect(store.keychain.detail).not.toContain(bus.address);
    },
  );

  it.each([['unix:path=%zz'], ['unix:path=/tmp/bus%ff']])(
    'status --json with DBUS_SESSION_BUS_ADDRESS=%s: no unexpected error',
    async (address) => {
      const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: address });
      const run = await cliAsync(['status', '--json'], { env, timeoutMs: 15_000 });
      expect(run.stderr).not.toContain('unexpected error');
      expect(run.code, run.stderr).toBe(0);
    },
  );
});

describe('a tcp: session bus (credhelper does not authenticate there; the keychain binding would wait for ever)', () => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });
  /** A loopback TCP server that plays the bus; its `DBUS_SESSION_BUS_ADDRESS`. */
  async function tcpBus(behaviour: (socket: Socket) => void): Promise<string> {
    const listening = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('data', () => behaviour(socket));
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    return `tcp:host=127.0.0.1,port=${(listening.address() as AddressInfo).port},family=ipv4`;
  }

  it.each([
    ['never answers AUTH', 'silent', () => {}],
    ['closes at AUTH', 'broken', (socket: Socket) => socket.end()],
    ['answers AUTH as dbus-daemon does', 'unknown', (socket: Socket) => socket.write('REJECTED EXTERNAL\r\n')],
  ] as const)('one that %s: %s', async (_name, expected, behaviour) => {
    const address = await tcpBus(behaviour);
    expect(await defaultKeyringState(address, 500)).toBe(expected);
  });

  it('status --json with a tcp: bus that never answers: the keychain did not answer, within the probe time (it hung)', async () => {
    const address = await tcpBus(() => {});
    const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: address });
    const started = Date.now();
    // SIGKILL on timeout: the binding blocks the main thread, where SIGTERM's handler runs.
    const run = spawnSync(process.execPath, [CLI, 'status', '--json'], {
      env,
      cwd: env.HOME,
      encoding: 'utf8',
      timeout: 15_000,
      killSignal: 'SIGKILL',
    });
    expect(run.signal, 'status hung').toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(JSON.parse(run.stdout).store.keychain).toMatchObject({ available: false, writable: false });
  });
});
