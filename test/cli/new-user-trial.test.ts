import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, cliHome, userSettings, writeJson } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// What a new user ran into following the README from a fresh clone: the built CLI in a temp HOME.

isolateTests();
vi.setConfig({ testTimeout: 90_000 });

describe('status and explain with a refresh command they do not run', () => {
  /** An `awsCredentialExport` that fails until `marker` exists, and an `awsAuthRefresh` that creates it. */
  function expiredSso(): Record<string, string> {
    const { home, env } = cliHome();
    const marker = join(home, 'logged-in');
    userSettings(home, {
      awsCredentialExport: `MARKER=${marker} LOG_FILE=${join(home, 'log')} ${fixture('export-until-marker.sh')}`,
      awsAuthRefresh: `touch ${marker}`,
    });
    return env;
  }

  it('status names the skipped awsAuthRefresh and `status --refresh`; with --refresh it runs and the row is ok', () => {
    const env = expiredSso();
    const checked = cli(['status', '--check'], { env });
    expect(checked.code).toBe(1);
    const row = checked.stdout.split('\n').find((line) => line.startsWith('bedrock')) ?? '';
    expect(row).toContain('awsCredentialExport exited with code 255');
    expect(row).toContain(
      'awsAuthRefresh is set, but status runs it only with --refresh: `credhelper status --refresh`',
    );
    const json = JSON.parse(cli(['status', '--json'], { env }).stdout) as {
      targets: { target: string; problem?: string }[];
    };
    expect(json.targets.find((t) => t.target === 'bedrock')?.problem).toContain('credhelper status --refresh');
    const refreshed = cli(['status', '--check', '--refresh'], { env });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).not.toContain('--refresh');
  });

  it('explain says it never runs the refresh command', () => {
    const env = expiredSso();
    const explained = cli(['explain', 'bedrock'], { env });
    expect(explained.code).toBe(1);
    expect(explained.stdout).toContain(
      'awsAuthRefresh is set, but explain never runs it: `credhelper status --refresh`',
    );
  });

  it('Vertex without ADC: the row no longer only says "set gcpAuthRefresh" when it is set', () => {
    const { home, env } = cliHome({ CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'test-project' });
    userSettings(home, { gcpAuthRefresh: 'true' });
    const shown = cli(['status', '--json'], { env });
    const vertex = (
      JSON.parse(shown.stdout) as { targets: { target: string; code?: string; problem?: string }[] }
    ).targets.find((row) => row.target === 'vertex');
    expect(vertex?.code).toBe('CREDENTIALS_NOT_FOUND');
    expect(vertex?.problem).toContain('gcpAuthRefresh is set, but status runs it only with --refresh');
  });

  it('no hint without a refresh command, nor for a target whose refresh is not set', () => {
    const { home, env } = cliHome({ CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'test-project' });
    userSettings(home, { awsCredentialExport: 'exit 3', awsAuthRefresh: 'true' });
    const shown = cli(['status'], { env });
    const vertex = shown.stdout.split('\n').find((line) => line.startsWith('vertex')) ?? '';
    expect(vertex).toContain('error');
    expect(vertex).not.toContain('--refresh');
    const { home: bare, env: bareEnv } = cliHome();
    userSettings(bare, { awsCredentialExport: 'exit 3' });
    expect(cli(['status'], { env: bareEnv }).stdout).not.toContain('--refresh');
  });
});

describe("the hint about Claude Code's settings when nothing is found", () => {
  it("does not offer --claude when Claude Code's apiKeyHelper is `credhelper get anthropic` (the README recipe): that loops", () => {
    const { home, env } = cliHome();
    writeJson(join(home, '.claude', 'settings.json'), { apiKeyHelper: 'credhelper get anthropic', permissions: {} });
    const result = cli(['get', 'anthropic'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no anthropic credentials found');
    expect(result.stderr).toContain(
      `Claude Code's apiKeyHelper in ${join(home, '.claude', 'settings.json')} runs credhelper itself: no source for credhelper`,
    );
    expect(result.stderr).not.toContain('To use them: pass --claude');
  });

  it('still offers --claude for a real helper there', () => {
    const { home, env } = cliHome();
    writeJson(join(home, '.claude', 'settings.json'), { apiKeyHelper: 'cat ~/credhelper-key' });
    const result = cli(['get', 'anthropic'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(apiKeyHelper). To use them: pass --claude');
  });
});

describe('store commands that find nothing say what is there', () => {
  it('logout of a provider stored only under a profile names the profile to pass', () => {
    const { env } = cliHome({ CREDHELPER_STORE: 'file' });
    const login = cli(['login', 'openai', '--profile', 'work', '--stdin'], { env, input: 'sk-test-openai-trial-0001' });
    expect(login.code).toBe(0);
    const result = cli(['logout', 'openai'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('nothing stored as openai in ');
    expect(result.stdout).toContain('; stored for openai: openai:work (pass --profile work)');
    expect(result.stdout + result.stderr).not.toContain('sk-test-openai-trial-0001');
    expect(cli(['logout', 'openai', '--profile', 'work'], { env }).code).toBe(0);
  });

  it('import of a missing file says nothing was imported and which file to name', () => {
    const { home, env } = cliHome();
    const result = cli(['import', join(home, 'missing-auth.json')], { env });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`cannot read ${join(home, 'missing-auth.json')} (ENOENT); nothing was imported.`);
    expect(result.stderr).toContain("Fix: name opencode's or pi's auth.json");
  });
});

describe('a corrupt auth.json', () => {
  it('exec stops on it without claiming there is a stored amazon-bedrock key', () => {
    const { home, env } = cliHome({ CREDHELPER_STORE: 'file' });
    userSettings(home, { apiKeyHelper: 'echo sk-ant-test-trial-corrupt-0001' });
    writeFileSync(join(home, 'auth.json'), '{ broken');
    env.CREDHELPER_AUTH_FILE = join(home, 'auth.json');
    const result = cli(['exec', '--', 'true'], { env });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('(bedrock is resolved because of an unreadable auth.json, which may hold');
    expect(result.stderr).not.toContain('because of a stored amazon-bedrock key');
    expect(result.stderr).not.toContain('sk-ant-test-trial-corrupt-0001');
  });
});

describe('get --profile of an entry that is not stored', () => {
  it('names the entry, what the provider has stored and how to store it (not "set one of them")', () => {
    const { env } = cliHome({ CREDHELPER_STORE: 'file' });
    const stored = cli(['login', 'openai', '--profile', 'work', '--stdin'], {
      env,
      input: 'sk-test-openai-trial-0002',
    });
    expect(stored.code).toBe(0);
    const result = cli(['get', 'openai', '--profile', 'wrok'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('openai:wrok is not stored in ');
    expect(result.stderr).toContain('(stored for openai: openai:work). Fix: pass one of those with --profile');
    expect(result.stderr).not.toContain('set one of them');
    expect(result.stderr).not.toContain('sk-test-openai-trial-0002');
    expect(cli(['get', 'openai', '--profile', 'work'], { env }).stdout.trim()).toBe('sk-test-openai-trial-0002');
  });
});

describe('exec with nothing to give', () => {
  it('says once on stderr that the command runs without a credential (it ran silently)', () => {
    const { env } = cliHome();
    const result = cli(['exec', '--', 'sh', '-c', 'echo ran'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ran\n');
    expect(result.stderr).toContain('credhelper exec: no credential found (Anthropic, Bedrock, Vertex or a stored');
    expect(result.stderr).toContain('sh runs without one');
  });

  it('with Claude Code settings not read, the note names them (and --claude)', () => {
    const { home, env } = cliHome();
    writeJson(join(home, '.claude', 'settings.json'), { apiKeyHelper: 'cat ~/key' });
    const result = cli(['exec', '--', 'true'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Claude Code's settings were found but not read");
  });

  it('no note when a credential resolved, or another provider key is there', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-trial-exec-0001' });
    expect(cli(['exec', '--', 'true'], { env }).stderr).toBe('');
    const { env: other } = cliHome({ OPENAI_API_KEY: 'sk-test-openai-trial-exec-0001' });
    expect(cli(['exec', '--', 'true'], { env: other }).stderr).toBe('');
  });

  it('get --profile with nothing stored for the provider does not say "one of those"', () => {
    const { env } = cliHome({ CREDHELPER_STORE: 'file' });
    const result = cli(['get', 'anthropic', '--profile', 'work'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(nothing is stored for anthropic). Fix: store it: credhelper login anthropic');
  });
});
