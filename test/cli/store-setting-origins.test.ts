import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli, cliHome, writeJson } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { type SecretService, secretServiceInstalled, startSecretService } from '../support/secret-service.js';

// Where the user's secrets go is the user's choice: `"store"` counts from credhelper's own user
// files and `--settings`, never from a project's file, nor from Claude Code's (`--claude`).

isolateTests();
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const installed = secretServiceInstalled();

describe.skipIf(!installed)('which files may set "store"', () => {
  let service: SecretService;
  beforeAll(async () => {
    service = await startSecretService();
  });
  afterAll(async () => {
    await service.stop();
  });

  function storeOf(args: string[], env: Record<string, string>, cwd?: string): unknown {
    const status = cli(['status', '--json', ...args], { env, ...(cwd === undefined ? {} : { cwd }) });
    return JSON.parse(status.stdout).store;
  }

  it('a project file and Claude Code settings are ignored; --settings counts', () => {
    const { home, env } = cliHome({ DBUS_SESSION_BUS_ADDRESS: service.env.DBUS_SESSION_BUS_ADDRESS as string });
    const project = scratchDir();
    writeJson(join(project, '.credhelper', 'settings.json'), { store: 'file' });
    expect(storeOf([], env, project)).toMatchObject({ mode: 'auto', from: 'default', newSecrets: 'keychain' });
    writeJson(join(home, '.claude', 'settings.json'), { store: 'file' });
    expect(storeOf(['--claude'], env)).toMatchObject({ mode: 'auto', newSecrets: 'keychain' });
    const explicit = writeJson(join(scratchDir(), 'mine.json'), { store: 'file' });
    expect(storeOf(['--settings', explicit], env)).toMatchObject({ mode: 'file', from: 'settings:store' });
    // A login in the project follows the user's choice (the keychain), not the project's.
    const login = cli(['login', '--provider', 'openai', '--stdin'], {
      env,
      cwd: project,
      input: 'sk-test-openai-origins-0001\n',
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('in the OS keychain');
  });
});
