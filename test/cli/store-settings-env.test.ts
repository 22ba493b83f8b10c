import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliHome, userSettings, writeJson } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22: the store commands (`login`, `list`, …) ignored a settings file's `env` (e.g.
// `CREDHELPER_AUTH_FILE`) that `get`/`status`/`exec` honour. One resolution of settings for all.

isolateTests();

const KEY = 'sk-test-openai-settings-env-0001';

describe('store commands and the settings env', () => {
  it('login, list, logout and get all use the CREDHELPER_AUTH_FILE of the user settings file', () => {
    const { home, env } = cliHome();
    const file = join(scratchDir(), 'team', 'auth.json');
    userSettings(home, { env: { CREDHELPER_AUTH_FILE: file } });
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: `${KEY}\n` });
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`saved openai (api) in ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8')).openai).toEqual({ type: 'api', key: KEY });
    expect(existsSync(join(home, '.local', 'share', 'credhelper', 'auth.json'))).toBe(false);
    expect(cli(['list'], { env }).stdout).toMatch(/\n {2}openai +OpenAI +api\b/);
    expect(cli(['get', 'openai'], { env }).stdout).toBe(`${KEY}\n`);
    expect(cli(['logout', 'openai'], { env }).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).openai).toBeUndefined();
  });

  it('--settings FILE with env applies to the store commands too', () => {
    const { env } = cliHome();
    const file = join(scratchDir(), 'explicit', 'auth.json');
    const settings = writeJson(join(scratchDir(), 'team.json'), { env: { CREDHELPER_AUTH_FILE: file } });
    expect(cli(['--settings', settings, 'login', '--provider', 'openai', '--stdin'], { env, input: KEY }).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).openai).toEqual({ type: 'api', key: KEY });
  });

  it('an untrusted project file cannot point the store commands elsewhere', () => {
    const { env } = cliHome();
    const project = scratchDir();
    const file = join(scratchDir(), 'hostile', 'auth.json');
    writeJson(join(project, '.credhelper', 'settings.json'), { env: { CREDHELPER_AUTH_FILE: file } });
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, cwd: project, input: KEY });
    expect(login.code).not.toBe(0);
    expect(login.stderr).toContain('credhelper trust');
    expect(existsSync(file)).toBe(false);
  });
});
