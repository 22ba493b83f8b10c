import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, cliAsync, cliHome, userSettings } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { startOAuthServer } from '../support/oauth-server.js';
import {
  filesContaining,
  type SecretService,
  secretServiceInstalled,
  startSecretService,
} from '../support/secret-service.js';

// The store's behaviour on both backends, through the built CLI, against a real Secret Service
// (a private dbus-daemon and gnome-keyring-daemon per test, in temp directories).

const { track } = isolateTests();
vi.setConfig({ testTimeout: 120_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
if (!installed) console.warn('keychain-store-cli: dbus-daemon / gnome-keyring-daemon / secret-tool missing: skipped');

const KEY = 'sk-test-openai-keychain-canary-0001';

function storePath(home: string): string {
  return join(home, '.local', 'share', 'credhelper', 'auth.json');
}

function stored(home: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(storePath(home), 'utf8'));
}

function writeStore(home: string, data: unknown): string {
  const file = storePath(home);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data), { mode: 0o600 });
  return file;
}

/** The accounts of the items credhelper wrote (`secret-tool search`). */
function accounts(service: SecretService): string[] {
  const found = service.secretTool('search', '--all', 'service', 'credhelper');
  return [...found.stderr.matchAll(/^attribute\.username = (.*)$/gm)].map((match) => match[1] as string).sort();
}

/** The JSON a keychain item holds (`secret-tool lookup`). */
function item(service: SecretService, account: string): Record<string, string> | undefined {
  const found = service.secretTool('lookup', 'service', 'credhelper', 'username', account);
  return found.code === 0 && found.stdout !== '' ? JSON.parse(found.stdout) : undefined;
}

describe.skipIf(!installed).each(['file', 'keychain'] as const)('the store on the %s backend', (kind) => {
  let service: SecretService;
  beforeEach(async () => {
    service = await startSecretService();
  });
  afterEach(async () => {
    await service.stop();
  });

  /** A CLI environment with the Secret Service reachable and the backend forced. */
  function setup(extra: Record<string, string> = {}) {
    return cliHome({
      DBUS_SESSION_BUS_ADDRESS: service.env.DBUS_SESSION_BUS_ADDRESS as string,
      CREDHELPER_STORE: kind,
      ...extra,
    });
  }

  /** Where a secret is on disk: the files under HOME (auth.json…) and the keyring's files. */
  function onDisk(home: string, secret: string): string[] {
    return [...filesContaining(home, secret), ...filesContaining(service.home, secret)];
  }

  it('login / list / get / logout; the secret is where the backend says, and only there', () => {
    const { home, env } = setup();
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: `${KEY}\n` });
    expect(login.code, login.stderr).toBe(0);
    const json = JSON.parse(cli(['list', '--json'], { env }).stdout);
    expect(json.credentials).toEqual([{ id: 'openai', provider: 'openai', type: 'api', store: kind }]);
    expect(cli(['ls'], { env }).stdout).toMatch(new RegExp(`\\n {2}openai +OpenAI +api +${kind}\\b`));
    expect(cli(['get', 'openai'], { env }).stdout).toBe(`${KEY}\n`);
    if (kind === 'keychain') {
      expect(login.stdout).toContain('saved openai (api) in the OS keychain');
      // The canary is in no file: not auth.json, not the keyring (gnome-keyring encrypts it).
      expect(onDisk(home, KEY)).toEqual([]);
      expect(existsSync(join(service.home, '.local', 'share', 'keyrings'))).toBe(true);
      const ref = stored(home).openai?.keychain as { account: string };
      expect(stored(home).openai).toEqual({ type: 'api', keychain: { service: 'credhelper', account: ref.account } });
      expect(accounts(service)).toEqual([ref.account]);
      expect(item(service, ref.account)).toEqual({ type: 'api', key: KEY });
    } else {
      expect(stored(home).openai).toEqual({ type: 'api', key: KEY });
      expect(onDisk(home, KEY)).toEqual([storePath(home)]);
      expect(accounts(service)).toEqual([]);
    }
    const out = cli(['logout', 'openai'], { env });
    expect(out.code).toBe(0);
    if (kind === 'keychain') expect(out.stdout).toContain('and its keychain item');
    expect(stored(home)).toEqual({});
    expect(accounts(service)).toEqual([]);
    expect(onDisk(home, KEY)).toEqual([]);
    for (const run of [login, out]) expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('16 concurrent writers (processes) lose nothing', async () => {
    const { home, env } = setup();
    const runs = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        cliAsync(['login', '--provider', 'openai', '--profile', `p${i}`, '--stdin'], {
          env,
          input: `sk-test-openai-concurrent-${i}-0001`,
        }),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const data = stored(home);
    expect(Object.keys(data).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `openai:p${i}`).sort());
    for (let i = 0; i < 16; i++) {
      const got = cli(['get', 'openai', '--profile', `p${i}`], { env });
      expect(got.stdout).toBe(`sk-test-openai-concurrent-${i}-0001\n`);
    }
    expect(accounts(service)).toHaveLength(kind === 'keychain' ? 16 : 0);
    if (kind === 'keychain') expect(onDisk(home, 'sk-test-openai-concurrent-')).toEqual([]);
  });

  it('a corrupt auth.json is kept byte for byte, and no keychain item is written for it', () => {
    const { home, env } = setup();
    const file = writeStore(home, '{"anthropic": {"type": "api", "key": "sk-ant-test-corrupt-0001"}, oops');
    const before = readFileSync(file);
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: KEY });
    expect(login.code).toBe(78);
    expect(login.stderr).toContain(file);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(accounts(service)).toEqual([]);
    expect(cli(['store', 'migrate'], { env }).code).toBe(78);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("import copies opencode's entries into the backend", () => {
    const { home, env } = setup();
    const source = join(scratchDir(), 'opencode-auth.json');
    writeFileSync(
      source,
      JSON.stringify({
        openai: { type: 'api', key: 'sk-test-openai-import-0001' },
        'github-copilot': {
          type: 'oauth',
          access: 'gho-test-import-0002',
          refresh: 'ghr-test-import-0003',
          expires: 1,
        },
      }),
    );
    const imported = cli(['import', source], { env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported 2');
    expect(cli(['get', 'openai'], { env }).stdout).toBe('sk-test-openai-import-0001\n');
    expect(stored(home)['github-copilot']).toMatchObject({ type: 'oauth', expires: 1 });
    const secrets = ['sk-test-openai-import-0001', 'gho-test-import-0002', 'ghr-test-import-0003'];
    for (const secret of secrets) {
      expect(onDisk(home, secret)).toEqual(kind === 'keychain' ? [] : [storePath(home)]);
    }
    expect(accounts(service)).toHaveLength(kind === 'keychain' ? 2 : 0);
  });

  it('OAuth refresh under the lock: 6 processes at once, one refresh, the new tokens stored where the entry lives', async () => {
    const server = track(await startOAuthServer('test-refresh-keychain-0001'));
    const { home, env } = setup();
    userSettings(home, { oauth: { openrouter: { tokenUrl: server.tokenUrl, body: 'form' } } });
    writeStore(home, {
      openrouter: {
        type: 'oauth',
        access: 'test-access-old-0001',
        refresh: 'test-refresh-keychain-0001',
        expires: 1000,
      },
    });
    const migrated = cli(['store', 'migrate', '--to', kind], { env });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(onDisk(home, 'test-refresh-keychain-0001')).toEqual(kind === 'keychain' ? [] : [storePath(home)]);
    const runs = await Promise.all(Array.from({ length: 6 }, () => cliAsync(['get', 'openrouter'], { env })));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
    expect(server.refreshes()).toBe(1);
    const access = (runs[0]?.stdout ?? '').trim();
    expect(access).not.toBe('test-access-old-0001');
    const entry = stored(home).openrouter as Record<string, unknown>;
    expect(entry.expires as number).toBeGreaterThan(Date.now());
    if (kind === 'keychain') {
      const account = (entry.keychain as { account: string }).account;
      expect(item(service, account)).toEqual({ type: 'oauth', access, refresh: server.validRefresh() });
      expect(onDisk(home, access)).toEqual([]);
      expect(onDisk(home, server.validRefresh())).toEqual([]);
    } else {
      expect(entry).toMatchObject({ access, refresh: server.validRefresh() });
    }
  });
});

describe.skipIf(!installed)('the keychain backend', () => {
  let service: SecretService;
  beforeEach(async () => {
    service = await startSecretService();
  });
  afterEach(async () => {
    await service.stop();
  });

  function bus(): Record<string, string> {
    return { DBUS_SESSION_BUS_ADDRESS: service.env.DBUS_SESSION_BUS_ADDRESS as string };
  }

  it('is the default when a Secret Service answers; without a D-Bus session the file is used at once', () => {
    const withBus = cliHome(bus());
    expect(cli(['login', 'openai', '--stdin'], { ...withBus, input: KEY }).code).toBe(0);
    expect(stored(withBus.home).openai).toHaveProperty('keychain');
    const status = JSON.parse(cli(['status', '--json'], withBus).stdout);
    expect(status.store).toMatchObject({ mode: 'auto', from: 'default', newSecrets: 'keychain' });

    const noBus = cliHome({ XDG_RUNTIME_DIR: scratchDir() });
    const started = Date.now();
    expect(cli(['login', 'openai', '--stdin'], { ...noBus, input: KEY }).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(1900); // no probe timeout was waited for
    expect(stored(noBus.home).openai).toEqual({ type: 'api', key: KEY });
    // The "store" setting and the variable force either; the variable wins.
    const set = cliHome(bus());
    userSettings(set.home, { store: 'file' });
    expect(cli(['login', 'openai', '--stdin'], { ...set, input: KEY }).code).toBe(0);
    expect(stored(set.home).openai).toEqual({ type: 'api', key: KEY });
    expect(
      cli(['login', 'openai', '--stdin', '--profile', 'k'], {
        env: { ...set.env, CREDHELPER_STORE: 'keychain' },
        input: KEY,
      }).code,
    ).toBe(0);
    expect(stored(set.home)['openai:k']).toHaveProperty('keychain');
    const bad = cli(['login', 'openai', '--stdin'], { env: { ...set.env, CREDHELPER_STORE: 'vault' }, input: KEY });
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain('CREDHELPER_STORE');
  });

  it('forced keychain without one: KEYCHAIN_UNAVAILABLE naming the fix, nothing written in plaintext', () => {
    const { home, env } = cliHome({ CREDHELPER_STORE: 'keychain', XDG_RUNTIME_DIR: scratchDir() });
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: KEY });
    expect(login.code).toBe(1);
    expect(login.stderr).toContain('CREDHELPER_STORE=file');
    expect(login.stderr).not.toContain(KEY);
    expect(login.stderr).toContain('does not answer');
    expect(existsSync(storePath(home))).toBe(false);
  });

  it('an entry in the keychain errors in a run without one (no fall-through to ANTHROPIC_API_KEY), and is kept', () => {
    const { home, env } = cliHome(bus());
    const token = 'sk-ant-oat01-test-keychain-token-0001';
    expect(cli(['paste-token', '--provider', 'anthropic', '--stdin'], { env, input: token }).code).toBe(0);
    const before = readFileSync(storePath(home));
    const without = {
      ...env,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(scratchDir(), 'no-bus')}`,
      ANTHROPIC_API_KEY: 'sk-ant-test-env-0001',
    };
    const got = cli(['get', 'anthropic'], { env: without });
    expect(got.code).toBe(1);
    expect(got.stdout).toBe('');
    expect(got.stderr).toContain('cannot read entry "anthropic"');
    expect(got.stderr).toContain(
      '(it lives in the keychain): the Secret Service (GNOME Keyring, KWallet) did not answer',
    );
    // Listing reads auth.json only: it works without the keychain and says where the entry is.
    const listed = JSON.parse(cli(['list', '--json'], { env: without }).stdout);
    expect(listed.credentials).toEqual([{ id: 'anthropic', provider: 'anthropic', type: 'token', store: 'keychain' }]);
    expect(readFileSync(storePath(home)).equals(before)).toBe(true);
    expect(cli(['get', 'anthropic'], { env }).stdout).toBe(`${token}\n`);
  });

  it('a locked keyring: KEYCHAIN_LOCKED naming the fix, for writes and reads; nothing written or lost', () => {
    const { home, env } = cliHome(bus());
    expect(cli(['login', 'openai', '--stdin'], { env, input: KEY }).code).toBe(0);
    const before = readFileSync(storePath(home));
    service.lock();
    // The keychain forced (in auto, a locked keyring means the file: keychain-headless.test.ts).
    const login = cli(['login', 'openai', '--profile', 'two', '--stdin'], {
      env: { ...env, CREDHELPER_STORE: 'keychain' },
      input: 'sk-test-two-0002',
    });
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(
      /cannot store openai:two in the keychain: .* is locked .*unlock it.*CREDHELPER_STORE=file/,
    );
    const got = cli(['get', 'openai'], { env });
    expect(got.code).toBe(1);
    expect(got.stderr).toMatch(/cannot read entry "openai" .* is locked/);
    // The migration back to the file stops at once: nothing changed.
    expect(cli(['store', 'migrate', '--to', 'file'], { env }).code).toBe(1);
    expect(readFileSync(storePath(home)).equals(before)).toBe(true);
    // What needs no secret works without unlocking anything: list, auth order.
    expect(JSON.parse(cli(['list', '--json'], { env }).stdout).credentials).toMatchObject([
      { id: 'openai', store: 'keychain' },
    ]);
    expect(cli(['auth', 'order', 'set', '--provider', 'openai', 'default'], { env }).code).toBe(0);
    // Logout removes the entry; the item it cannot delete now is named (unused, harmless).
    const out = cli(['logout', 'openai'], { env });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /note: the keychain item credhelper\/openai@[0-9a-f]{8} is no longer used but could not be deleted \(KEYCHAIN_LOCKED\)/,
    );
    expect(stored(home).openai).toBeUndefined();
    for (const run of [login, got]) expect(run.stdout + run.stderr).not.toMatch(/sk-test-two|sk-test-openai-keychain/);
  });

  it('store migrate: each secret verified into the keychain, idempotent, and back with --to file', () => {
    const { home, env } = cliHome(bus());
    const plain = {
      anthropic: { type: 'token', token: 'sk-ant-oat01-test-migrate-0001', expires: 4102444800000 },
      openai: { type: 'api', key: 'sk-test-openai-migrate-0002' },
      'openai:work': { type: 'api', key: 'sk-test-openai-migrate-0003', note: 'kept' },
      broken: { type: 'api' },
      $order: { openai: ['openai:work', 'openai'] },
    };
    writeStore(home, plain);
    const migrated = JSON.parse(cli(['store', 'migrate', '--json'], { env }).stdout);
    expect(migrated).toMatchObject({
      to: 'keychain',
      moved: ['anthropic', 'openai', 'openai:work'],
      already: [],
      skipped: [{ id: 'broken' }],
    });
    const data = stored(home);
    expect(data.$order).toEqual(plain.$order);
    expect(data.broken).toEqual({ type: 'api' });
    expect(data['openai:work']).toMatchObject({ type: 'api', note: 'kept' });
    expect(data.anthropic).toMatchObject({ type: 'token', expires: 4102444800000 });
    for (const secret of [
      'sk-ant-oat01-test-migrate-0001',
      'sk-test-openai-migrate-0002',
      'sk-test-openai-migrate-0003',
    ]) {
      expect(filesContaining(home, secret)).toEqual([]);
    }
    expect(accounts(service)).toHaveLength(3);
    expect(cli(['get', 'openai'], { env }).stdout).toBe('sk-test-openai-migrate-0003\n'); // $order kept
    const again = JSON.parse(cli(['store', 'migrate', '--json'], { env }).stdout);
    expect(again).toMatchObject({ moved: [], already: ['anthropic', 'openai', 'openai:work'] });
    const back = cli(['store', 'migrate', '--to', 'file'], { env });
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('moved 3 entries');
    expect(stored(home)).toEqual(plain);
    expect(accounts(service)).toEqual([]);
    for (const run of [back]) expect(run.stdout + run.stderr).not.toMatch(/test-migrate-000/);
  });

  it('a locked keyring stops store migrate before anything changes: every secret stays in auth.json', () => {
    const { home, env } = cliHome(bus());
    const file = writeStore(home, {
      openai: { type: 'api', key: KEY },
      anthropic: { type: 'api', key: 'sk-ant-test-m-0001' },
    });
    const before = readFileSync(file);
    service.lock();
    const run = cli(['store', 'migrate'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('stopped at openai (KEYCHAIN_LOCKED)');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('status shows where each stored token is and where new secrets go', () => {
    const { env } = cliHome({ ...bus(), ANTHROPIC_API_KEY: 'sk-ant-test-env-0001' });
    expect(
      cli(['paste-token', '--provider', 'openrouter', '--stdin'], { env, input: 'test-openrouter-keychain-0001' }).code,
    ).toBe(0);
    const status = cli(['status'], { env });
    expect(status.stdout).toMatch(/openrouter\s+ok\s+token\s+keychain/);
    expect(status.stdout).toContain('store: new secrets go to the OS keychain (auto, default)');
    expect(status.stdout + status.stderr).not.toContain('test-openrouter-keychain-0001');
  });
});
