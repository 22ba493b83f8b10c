import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, waitFor } from './fixtures.js';
import { processesWith } from './processes.js';

/** A session D-Bus whose Secret Service never answers (see {@link startSilentSecretService}). */
export interface SilentSecretService {
  /** `DBUS_SESSION_BUS_ADDRESS` of the bus. */
  address: string;
  /** Stops the bus and whatever it activated, removes the temp directory. */
  stop(): Promise<void>;
}

/**
 * Starts a private `dbus-daemon` on which `org.freedesktop.secrets` is activatable but never comes
 * up (its service file runs `sleep`): every call to the Secret Service waits until D-Bus gives up.
 * `exec`: another command for the service file (see {@link startHeadlessSecretService}); `env`: more
 * variables for the bus, which the processes it activates inherit.
 * Every process carries a token in its environment; `stop` kills them by it.
 */
export async function startSilentSecretService(
  options: { exec?: string; env?: Record<string, string> } = {},
): Promise<SilentSecretService> {
  const { dir, cleanup } = tempDir();
  const services = join(dir, 'services');
  mkdirSync(services, { recursive: true });
  writeFileSync(
    join(services, 'org.freedesktop.secrets.service'),
    `[D-BUS Service]\nName=org.freedesktop.secrets\nExec=${options.exec ?? '/bin/sleep 600'}\n`,
  );
  const socket = join(dir, 'bus');
  const config = join(dir, 'session.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=${socket}</listen><servicedir>${services}</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`,
  );
  const token = `credhelper-silent-secret-service-${randomBytes(6).toString('hex')}`;
  const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address=1'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env, CREDHELPER_TEST_SECRET_SERVICE: token },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address')), 10_000);
    bus.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.split('\n')[0]?.trim() ?? '');
      }
    });
    bus.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited (${code})`));
    });
  });
  return {
    address,
    async stop() {
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        for (const pid of processesWith(token)) {
          try {
            process.kill(pid, signal);
          } catch {
            // Already gone.
          }
        }
        if (await waitFor(() => processesWith(token).length === 0, 3000)) break;
      }
      cleanup();
    },
  };
}

/**
 * A headless box's Secret Service: a private bus on which GNOME Keyring is activatable the way
 * Debian installs it (`gnome-keyring-daemon --start --foreground --components=secrets`, started by
 * the first call), in a temp HOME and XDG_RUNTIME_DIR, never unlocked: it answers, but has no
 * default keyring, and no prompter is there to create one. `home`: the temp HOME the daemon uses.
 */
export async function startHeadlessSecretService(): Promise<SilentSecretService & { home: string }> {
  const { dir, cleanup } = tempDir();
  const home = join(dir, 'home');
  const runtime = join(dir, 'runtime');
  for (const path of [home, runtime]) mkdirSync(path, { recursive: true, mode: 0o700 });
  const service = await startSilentSecretService({
    exec: '/usr/bin/gnome-keyring-daemon --start --foreground --components=secrets',
    env: {
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
    },
  });
  return {
    address: service.address,
    home,
    async stop() {
      await service.stop();
      cleanup();
    },
  };
}
