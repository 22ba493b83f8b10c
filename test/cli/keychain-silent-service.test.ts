import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { secretServiceInstalled } from '../support/secret-service.js';
import { type SilentSecretService, startSilentSecretService } from '../support/silent-secret-service.js';

// A D-Bus session whose Secret Service never answers: what each command pays, and that `auto`
// says so when it falls back to plaintext.

isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();
const KEY = 'sk-test-openai-silent-0001';

describe.skipIf(!installed)('a Secret Service that never answers', () => {
  let service: SilentSecretService;
  beforeEach(async () => {
    service = await startSilentSecretService();
  });
  afterEach(async () => {
    await service.stop();
  });

  function timed(args: string[], env: Record<string, string>, input = '') {
    const started = Date.now();
    const result = cli(args, { env, input });
    return { ...result, ms: Date.now() - started };
  }

  it('get with the key in the environment does not ask the keychain; login in auto waits once, stores in the file and says why', () => {
    const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.address });
    const get = timed(['get', 'anthropic'], { ...env, ANTHROPIC_API_KEY: 'sk-ant-test-silent-env-0001' });
    expect(get.code).toBe(0);
    expect(get.ms).toBeLessThan(1500);
    const login = timed(['login', '--provider', 'openai', '--stdin'], env, `${KEY}\n`);
    expect(login.code, login.stderr).toBe(0);
    expect(login.ms).toBeLessThan(10_000);
    expect(login.stdout).toMatch(/note: .*did not answer.*auth\.json in plaintext/);
    expect(login.stdout).not.toContain(KEY);
    const status = timed(['status'], env);
    expect(status.ms).toBeLessThan(10_000);
    expect(status.stdout).toMatch(/store: new secrets go to auth\.json .*did not answer/);
  });

  it('CREDHELPER_STORE=file: no wait and no note', () => {
    const { env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.address, CREDHELPER_STORE: 'file' });
    const login = timed(['login', '--provider', 'openai', '--stdin'], env, `${KEY}\n`);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).not.toContain('note:');
    expect(login.ms).toBeLessThan(1500);
  });
});
