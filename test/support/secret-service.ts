import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { tempDir, waitFor } from './fixtures.js';
import { processesWith } from './processes.js';

/** The test keyring's password (fed to `gnome-keyring-daemon --unlock` on stdin). */
export const KEYRING_PASSWORD = 'credhelper-test-keyring-password';

/** How long the daemons get to start (each takes ~0.3 s here). */
const START_TIMEOUT_MS = 10_000;

/** A private Secret Service: a session D-Bus and GNOME Keyring in temp directories. */
export interface SecretService {
  /** HOME, XDG_* and DBUS_SESSION_BUS_ADDRESS for a process that is to use it (and PATH). */
  env: Record<string, string>;
  /** The temp HOME (the keyring files are under `env.XDG_DATA_HOME`/keyrings, inside it). */
  home: string;
  /** Runs `secret-tool ARGS…` against it (`search` prints the attributes on stderr). */
  secretTool(...args: string[]): { code: number | null; stdout: string; stderr: string };
  /** Locks the default collection (the D-Bus `Lock` method): every later read or write needs an unlock. */
  lock(): void;
  /** Stops every process it started (and any the bus activated), removes the temp directories. */
  stop(): Promise<void>;
}

/** Whether the daemons are installed (`.ci/run` installs them: gnome-keyring, dbus, libsecret-tools). */
export function secretServiceInstalled(): boolean {
  return ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool', 'gdbus'].every(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
  );
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address')), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(text.slice(0, newline).trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited (${code})`));
    });
  });
}

/**
 * Starts `dbus-daemon --session` and `gnome-keyring-daemon --components=secrets` (with `--unlock`
 * and {@link KEYRING_PASSWORD} on stdin unless `unlock: false`: then the keyring stays locked and
 * every write asks for an unlock prompt that nobody answers) with a temp HOME, XDG_RUNTIME_DIR,
 * XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME, never the real ones. Bounded: gives up after
 * {@link START_TIMEOUT_MS}. Every process carries a token in its environment; `stop` kills them by it.
 */
export async function startSecretService(options: { unlock?: boolean } = {}): Promise<SecretService> {
  const { dir, cleanup } = tempDir();
  const home = join(dir, 'home');
  const runtime = join(dir, 'runtime');
  for (const path of [home, runtime]) mkdirSync(path, { recursive: true, mode: 0o700 });
  const token = `credhelper-secret-service-${randomBytes(6).toString('hex')}`;
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    CREDHELPER_TEST_SECRET_SERVICE: token,
  };
  const stop = async (): Promise<void> => {
    for (const pid of processesWith(token)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    if (!(await waitFor(() => processesWith(token).length === 0, 3000))) {
      for (const pid of processesWith(token)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await waitFor(() => processesWith(token).length === 0, 2000);
    }
    cleanup();
  };
  try {
    const bus = spawn(
      'dbus-daemon',
      ['--session', '--nofork', '--nopidfile', '--print-address=1', `--address=unix:path=${join(runtime, 'bus')}`],
      { env: base, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const address = await firstLine(bus, START_TIMEOUT_MS);
    const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
    const keyring = spawn(
      'gnome-keyring-daemon',
      ['--foreground', '--components=secrets', ...(options.unlock === false ? [] : ['--unlock'])],
      { env, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    keyring.stdin?.end(options.unlock === false ? '' : KEYRING_PASSWORD);
    const owned = (): boolean =>
      spawnSync(
        'gdbus',
        [
          'call',
          '--session',
          '--dest',
          'org.freedesktop.DBus',
          '--object-path',
          '/org/freedesktop/DBus',
          '--method',
          'org.freedesktop.DBus.NameHasOwner',
          'org.freedesktop.secrets',
        ],
        { env, encoding: 'utf8', timeout: 2000 },
      ).stdout?.includes('true') === true;
    if (!(await waitFor(owned, START_TIMEOUT_MS))) throw new Error('gnome-keyring-daemon did not take the bus name');
    const gdbus = (args: string[]) => spawnSync('gdbus', ['call', '--session', ...args], { env, timeout: 5000 });
    return {
      env,
      home,
      secretTool: (...args) => {
        const result = spawnSync('secret-tool', args, { env, encoding: 'utf8', timeout: 5000 });
        return { code: result.status, stdout: result.stdout, stderr: result.stderr };
      },
      lock() {
        const result = gdbus([
          '--dest',
          'org.freedesktop.secrets',
          '--object-path',
          '/org/freedesktop/secrets',
          '--method',
          'org.freedesktop.Secret.Service.Lock',
          "[objectpath '/org/freedesktop/secrets/aliases/default']",
        ]);
        if (result.status !== 0) throw new Error(`could not lock the keyring (gdbus exit ${result.status})`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every regular file under `dir` (the canary grep's list: keyring files included). */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) files.push(...filesUnder(path));
    else if (stat?.isFile()) files.push(path);
  }
  return files;
}

/** The files under `dir` whose bytes contain `canary`. */
export function filesContaining(dir: string, canary: string): string[] {
  return filesUnder(dir).filter((file) => readFileSync(file).includes(canary));
}

/**
 * Inside a `describe`: one private Secret Service for the block, stopped after it, and its bus in
 * `process.env` before each test (the keyring binding reads it there). `env()` is the variable to
 * pass to a library call or a CLI run; `current()` the running service.
 */
export function useSecretService(): {
  current: () => SecretService;
  env: () => { DBUS_SESSION_BUS_ADDRESS: string | undefined };
} {
  let service: SecretService | undefined;
  const current = (): SecretService => {
    if (service === undefined) throw new Error('the Secret Service is not started yet (use it inside a test)');
    return service;
  };
  beforeAll(async () => {
    service = await startSecretService();
  });
  afterAll(async () => {
    await service?.stop();
  });
  beforeEach(() => {
    process.env.DBUS_SESSION_BUS_ADDRESS = current().env.DBUS_SESSION_BUS_ADDRESS;
  });
  return { current, env: () => ({ DBUS_SESSION_BUS_ADDRESS: current().env.DBUS_SESSION_BUS_ADDRESS }) };
}
