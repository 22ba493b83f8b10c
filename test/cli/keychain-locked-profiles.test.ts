import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import {
  KEYRING_PASSWORD,
  type SecretService,
  secretServiceInstalled,
  startSecretService,
} from '../support/secret-service.js';

// A stored entry whose keychain item cannot be read (the keychain is locked, the item is gone) is not skipped
// for the provider's next stored profile: that is another account's key, handed out silently.

isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
const FIRST = 'sk-ant-test-locked-first-0001';
const WORK = 'sk-ant-test-locked-work-0002';

describe.skipIf(!installed)('a locked keychain and the next stored profile', () => {
  let service: SecretService;
  beforeEach(async () => {
    service = await startSecretService();
  });
  afterEach(async () => {
    await service.stop();
  });

  /** `anthropic` in the keychain and `anthropic:work` (another account) in auth.json; the CLI's env. */
  function twoProfiles(): Record<string, string> {
    const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.env.DBUS_SESSION_BUS_ADDRESS as string });
    const stored = cli(['login', '--provider', 'anthropic', '--stdin'], {
      env: { ...env, CREDHELPER_STORE: 'keychain' },
      input: `${FIRST}\n`,
    });
    expect(stored.code, stored.stderr).toBe(0);
    const work = cli(['login', '--provider', 'anthropic', '--profile', 'work', '--stdin'], {
      env: { ...env, CREDHELPER_STORE: 'file' },
      input: `${WORK}\n`,
    });
    expect(work.code, work.stderr).toBe(0);
    return env;
  }

  it('get fails naming the lock; the file-stored profile after it is not used instead', () => {
    const env = twoProfiles();
    expect(cli(['get', 'anthropic'], { env }).stdout.trim()).toBe(FIRST);
    service.lock();
    const locked = cli(['get', 'anthropic', '--json'], { env });
    expect(locked.code).not.toBe(0);
    expect(locked.stdout).not.toContain(WORK);
    expect(locked.stderr).toContain('is locked');
    expect(locked.stderr).toContain('entry "anthropic"');
    for (const secret of [FIRST, WORK]) expect(locked.stdout + locked.stderr).not.toContain(secret);
    // Asked for by name, the file-stored profile still works.
    expect(cli(['get', 'anthropic', '--profile', 'work'], { env }).stdout.trim()).toBe(WORK);
  });

  /** A home whose `anthropic` key is in the keychain (forced), and the keyring locked since. */
  function storedInKeychainThenLocked(): Record<string, string> {
    const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.env.DBUS_SESSION_BUS_ADDRESS as string });
    const stored = cli(['login', '--provider', 'anthropic', '--stdin'], {
      env: { ...env, CREDHELPER_STORE: 'keychain' },
      input: `${FIRST}\n`,
    });
    expect(stored.code, stored.stderr).toBe(0);
    service.lock();
    return env;
  }

  it('the headless unlock the error names works: run with the password on stdin, the entry reads again', () => {
    const env = storedInKeychainThenLocked();
    const locked = cli(['get', 'anthropic'], { env });
    expect(locked.code).not.toBe(0);
    const command = /without one, run `([^`]+)` with the keyring's password on its standard input/.exec(
      locked.stderr,
    )?.[1];
    expect(command, locked.stderr).toBeDefined();
    // As a person would run it, in the session's environment (the daemon it starts is stopped with the service).
    const unlock = spawnSync('sh', ['-c', command as string], {
      env: service.env,
      input: KEYRING_PASSWORD,
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(unlock.status).toBe(0);
    expect(cli(['get', 'anthropic'], { env }).stdout.trim()).toBe(FIRST);
  });

  it('status says the keychain is locked once an entry could not be read', () => {
    const env = storedInKeychainThenLocked();
    const status = cli(['status', '--json'], { env });
    const report = JSON.parse(status.stdout);
    expect(report.targets[0]).toMatchObject({ target: 'anthropic', code: 'KEYCHAIN_LOCKED' });
    // In auto, a login would store in auth.json (keychain-headless.test.ts); with the keychain forced it fails.
    expect(report.store).toMatchObject({ newSecrets: 'file', keychain: { available: true, locked: true } });
    const forced = JSON.parse(cli(['status', '--json'], { env: { ...env, CREDHELPER_STORE: 'keychain' } }).stdout);
    expect(forced.store).toMatchObject({ newSecrets: null, keychain: { available: true, locked: true } });
    const human = cli(['status'], { env: { ...env, CREDHELPER_STORE: 'keychain' } }).stdout;
    expect(human).toMatch(
      /store: new secrets go to the OS keychain, which is locked: a login fails until it is unlocked.*it is locked/,
    );
  });

  it('an item deleted behind credhelper (or an auth.json copied from another machine) is named, not replaced by the next profile', () => {
    const env = twoProfiles();
    expect(service.secretTool('clear', 'service', 'credhelper').code).toBe(0);
    const missing = cli(['get', 'anthropic'], { env });
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).not.toContain(WORK);
    expect(missing.stderr).toMatch(/entry "anthropic" .* is not there/);
    expect(missing.stderr).toContain('credhelper logout anthropic');
  });
});
