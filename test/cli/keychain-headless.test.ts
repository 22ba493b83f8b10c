import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { secretServiceInstalled, startSecretService } from '../support/secret-service.js';
import { type SilentSecretService, startHeadlessSecretService } from '../support/silent-secret-service.js';

// A headless box: D-Bus activates GNOME Keyring on the first call, but it has no default keyring
// (never unlocked, no login collection, no prompter to create one). What `status` predicts for new
// secrets is what `login` then does: in `auto`, the file (with a note saying why); with the keychain
// forced, a clear failure. And a keyring that is there but locked is treated alike.

isolateTests();
vi.setConfig({ testTimeout: 120_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
if (!installed) console.warn('keychain-headless: dbus-daemon / gnome-keyring-daemon / secret-tool missing: skipped');

const KEY = 'sk-test-openai-headless-0001';

function storePath(home: string): string {
  return join(home, '.local', 'share', 'credhelper', 'auth.json');
}

/** The items under service `credhelper` on the bus at `address` (`secret-tool search` lists them on stderr). */
function credhelperItems(address: string): number {
  const found = spawnSync('secret-tool', ['search', '--all', 'service', 'credhelper'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DBUS_SESSION_BUS_ADDRESS: address },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return [...`${found.stdout}${found.stderr}`.matchAll(/^attribute\.service = credhelper$/gm)].length;
}

describe.skipIf(!installed)('a headless Secret Service without a default keyring', () => {
  let service: SilentSecretService;
  beforeEach(async () => {
    service = await startHeadlessSecretService();
  });
  afterEach(async () => {
    await service.stop();
  });

  it('auto: status predicts auth.json and login stores there, with a note naming why and the fix', () => {
    const { home, env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.address });
    const before = JSON.parse(cli(['status', '--json'], { env }).stdout);
    expect(before.store).toMatchObject({
      mode: 'auto',
      newSecrets: 'file',
      keychain: { available: true, writable: false },
    });
    expect(before.store.keychain.detail).toContain('no default keyring');
    const human = cli(['status'], { env }).stdout;
    expect(human).toMatch(/store: new secrets go to auth\.json \(plaintext, mode 0600\).*no default keyring/);

    const started = Date.now();
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: `${KEY}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(login.stdout).toMatch(/note: .*no default keyring.*auth\.json in plaintext \(mode 0600\)/);
    expect(login.stdout).toContain('gnome-keyring-daemon --replace --daemonize --unlock --components=secrets');
    expect(login.stdout).toContain('credhelper store migrate');
    expect(JSON.parse(readFileSync(storePath(home), 'utf8')).openai).toEqual({ type: 'api', key: KEY });
    expect(cli(['get', 'openai'], { env }).stdout.trim()).toBe(KEY);
    // Asking wrote nothing into the keychain.
    expect(credhelperItems(service.address)).toBe(0);
    for (const run of [login]) expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('CREDHELPER_STORE=keychain: status says a login fails, and login fails naming the fix; nothing in plaintext', () => {
    const { home, env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.address, CREDHELPER_STORE: 'keychain' });
    const status = JSON.parse(cli(['status', '--json'], { env }).stdout);
    expect(status.store).toMatchObject({ mode: 'keychain', newSecrets: null, keychain: { writable: false } });
    expect(cli(['status'], { env }).stdout).toMatch(
      /store: new secrets go to the OS keychain, which cannot take a secret without a person: a login fails/,
    );
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: `${KEY}\n`, timeoutMs: 60_000 });
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/cannot store openai in the keychain: .*CREDHELPER_STORE=file/);
    expect(existsSync(storePath(home)) ? readFileSync(storePath(home), 'utf8') : '').not.toContain(KEY);
    expect(login.stdout + login.stderr).not.toContain(KEY);
  });
});

describe.skipIf(!installed)('a default keyring that is locked', () => {
  it('auto: status and login agree on auth.json; forced: KEYCHAIN_LOCKED naming the unlock', async () => {
    const service = await startSecretService();
    try {
      service.lock();
      const { home, env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.env.DBUS_SESSION_BUS_ADDRESS as string });
      const status = JSON.parse(cli(['status', '--json'], { env }).stdout);
      expect(status.store).toMatchObject({
        newSecrets: 'file',
        keychain: { available: true, writable: false, locked: true },
      });
      const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: `${KEY}\n` });
      expect(login.code, login.stderr).toBe(0);
      expect(login.stdout).toMatch(/note: .*default keyring is locked.*auth\.json in plaintext/);
      expect(JSON.parse(readFileSync(storePath(home), 'utf8')).openai).toEqual({ type: 'api', key: KEY });

      const forced = cli(['login', '--provider', 'openai', '--profile', 'k', '--stdin'], {
        env: { ...env, CREDHELPER_STORE: 'keychain' },
        input: `${KEY}\n`,
      });
      expect(forced.code).toBe(1);
      expect(forced.stderr).toMatch(/cannot store openai:k in the keychain: .* is locked .*unlock it/);
      expect(forced.stdout + forced.stderr + login.stdout + login.stderr).not.toContain(KEY);
    } finally {
      await service.stop();
    }
  });
});
